namespace Feedback.Functions.Http;

/// <summary>The OpenAPI tags the endpoints are grouped under (their descriptions are the document's: <c>ApiDocumentation</c>).</summary>
internal static class ApiTags
{
    public const string Health = "Health";
    public const string Intake = "Intake";
    public const string Sms = "SMS webhooks";
    public const string Surveys = "Surveys";
    public const string Staff = "Staff";
    public const string Inbox = "Inbox";
    public const string Trends = "Trends";
    public const string Scorecard = "Scorecard";
}
