using Feedback.Core.Items;

namespace Feedback.Functions.Tests;

/// <summary>Tracking codes a test numbers itself: distinct, readable, each with its valid check digit.</summary>
internal static class TestCodes
{
    public static TrackingCode Numbered(char first, int index) =>
        Enumerable.Range(0, 10).Select(check => TrackingCode.FromCanonical($"{first}{index:D8}{check}")).First(code => code is not null)!;
}
