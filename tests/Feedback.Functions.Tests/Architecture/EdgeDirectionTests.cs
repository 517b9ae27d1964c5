using System.Text.RegularExpressions;

namespace Feedback.Functions.Tests.Architecture;

/// <summary>
/// The HTTP edge calls the services, never the other way round: an endpoints class (a file named *Endpoints.cs) is
/// named only by other endpoints, by its slice's registration (*Services.cs, for its policy names) and by the API
/// documentation (for its header names).
/// </summary>
public partial class EdgeDirectionTests
{
    [Fact]
    public void No_service_calls_back_into_an_endpoints_class()
    {
        var callers = SourceTree.Functions()
            .Where(file => !MayNameEndpoints(file.Path))
            .SelectMany(file => EndpointsMember().Matches(file.Code).Select(use => $"{file.Path} uses {use.Value}"))
            .ToArray();

        Assert.True(callers.Length == 0, "Services that reach back into the HTTP edge:\n" + string.Join('\n', callers));
    }

    [Fact]
    public void A_service_that_calls_an_endpoint_helper_is_found()
    {
        var service = new SourceFile("functions/Feedback.X/Intake/InboundFlow.cs", "Feedback.X.Intake", [], ["IntakeEndpoints.Noted"], "return IntakeEndpoints.Noted(receipt, loggers);");

        Assert.False(MayNameEndpoints(service.Path));
        Assert.Equal("IntakeEndpoints.Noted", EndpointsMember().Match(service.Code).Value);
    }

    private static bool MayNameEndpoints(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith("Endpoints.cs", StringComparison.Ordinal)
            || name.EndsWith("Services.cs", StringComparison.Ordinal)
            || path.Contains("/OpenApi/", StringComparison.Ordinal)
            || name == "Program.cs";
    }

    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*Endpoints\.[A-Z]\w*")]
    private static partial Regex EndpointsMember();
}
