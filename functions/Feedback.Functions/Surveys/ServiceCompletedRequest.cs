using Feedback.Core.Clients;
using Feedback.Core.Input;
using Feedback.Core.Routing;
using Feedback.Core.Surveys;

namespace Feedback.Functions.Surveys;

/// <summary>A completed public service, as a counter office or an agency's system reports it. Every field is checked at the edge.</summary>
public sealed record ServiceCompletedRequest(string? Phone, string? ServiceCode, string? ServiceName, string? Agency, string? CounterOffice, DateTimeOffset? CompletedAt)
{
    public const int MaxBytes = 4 * 1024;

    /// <summary>A report older than this comes too late for a survey to mean anything.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(7);

    /// <summary>Clocks disagree a little; a completion further ahead than this is a mistake.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public (CompletedService? Service, Dictionary<string, string[]> Errors) Validate(ApiClient client, RoutingTable routing, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(routing);
        var errors = new Dictionary<string, string[]>();
        var phone = IranianMobile.Parse(Phone);
        if (phone.Mobile is null)
            errors["phone"] = [string.IsNullOrWhiteSpace(Phone) ? "required" : "not an Iranian mobile number (09xxxxxxxxx, +989xxxxxxxxx)"];
        if (!IsReference(ServiceCode))
            errors["serviceCode"] = ["required: at most 64 letters, digits, '-', '_' or '.'"];
        if (ServiceName is not null && (ServiceName.Trim().Length is 0 or > 100 || ServiceName.Any(char.IsControl)))
            errors["serviceName"] = ["1 to 100 characters, no control characters"];
        var agency = string.IsNullOrWhiteSpace(Agency) ? null : routing.FindAgency(Agency.Trim());
        if (agency is null)
            errors["agency"] = [string.IsNullOrWhiteSpace(Agency) ? "required" : "unknown agency key"];
        else if (agency.ProvinceKey != client.Province)
            errors["agency"] = [$"not an agency of {client.Province}, this key's province"];
        if (CounterOffice is not null && !IsReference(CounterOffice))
            errors["counterOffice"] = ["at most 64 letters, digits, '-', '_' or '.'"];
        var completedAt = CompletedAt ?? now;
        if (completedAt > now + MaxClockSkew)
            errors["completedAt"] = ["in the future"];
        else if (completedAt < now - MaxAge)
            errors["completedAt"] = [$"more than {MaxAge.TotalDays:0} days ago: too late for a survey"];
        if (errors.Count > 0)
            return (null, errors);
        return (new CompletedService(phone.Mobile!, ServiceCode!.Trim(), ServiceName?.Trim(), agency!, CounterOffice?.Trim() ?? client.Id, completedAt), errors);
    }

    private static bool IsReference(string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
