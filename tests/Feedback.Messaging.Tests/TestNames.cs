namespace Feedback.Messaging.Tests;

/// <summary>Names unique to one test, so tests sharing one Azurite never see each other's data.</summary>
internal static class TestNames
{
    public static string Table() => $"t{Guid.NewGuid():N}";

    public static string Queue() => $"q{Guid.NewGuid():N}";
}
