using Feedback.Core.Input;
using Feedback.Core.Intake;
using Feedback.Core.Items;
using Feedback.Core.Routing;

namespace Feedback.Functions.Intake;

/// <summary>The web form's JSON. Every field is checked at the edge; <see cref="Validate"/> names each one that is wrong.</summary>
public sealed record WebFeedbackRequest(string? Text, string? Phone, string? Province, string? County, string? ServiceCode, string? Agency, int? Rating)
{
    /// <param name="routing">This deployment's routing: which provinces it serves, which agencies exist.</param>
    public (NewFeedback? Feedback, Dictionary<string, string[]> Errors) Validate(RoutingTable routing)
    {
        var errors = new Dictionary<string, string[]>();
        var text = FeedbackText.Validate(Text);
        foreach (var error in text.Errors)
            errors[error.Field] = [error.Message];

        IranianMobile? phone = null;
        if (!string.IsNullOrWhiteSpace(Phone))
        {
            var parsed = IranianMobile.Parse(Phone);
            if (parsed.Mobile is null)
                errors["phone"] = ["not an Iranian mobile number (09xxxxxxxxx, +989xxxxxxxxx)"];
            phone = parsed.Mobile;
        }

        var province = string.IsNullOrWhiteSpace(Province) ? null : Provinces.Find(Province.Trim());
        if (province is null)
            errors["province"] = [string.IsNullOrWhiteSpace(Province) ? "required" : "unknown province key"];
        else if (!routing.Serves(province.Key))
            errors["province"] = [$"{province.Key} is not served by this deployment"];
        string? county = null;
        if (!string.IsNullOrWhiteSpace(County) && province is not null)
        {
            county = Provinces.FindCounty(province.Key, County.Trim())?.Key;
            if (county is null)
                errors["county"] = [$"not a county of {province.Key}"];
        }
        if (Rating is { } rating && rating is < 1 or > 5)
            errors["rating"] = ["must be from 1 to 5"];
        if (ServiceCode is not null && !IsReference(ServiceCode))
            errors["serviceCode"] = ["at most 64 letters, digits, '-', '_' or '.'"];
        if (Agency is not null && routing.FindAgency(Agency.Trim()) is not { } agency)
            errors["agency"] = ["unknown agency key"];
        else if (Agency is not null && province is not null && routing.FindAgency(Agency.Trim())!.ProvinceKey != province.Key)
            errors["agency"] = [$"not an agency of {province.Key}"];

        if (errors.Count > 0)
            return (null, errors);
        return (new NewFeedback(FeedbackChannel.Web, text.Text!, province!.Key, county, Rating, phone, CounterOffice: null, ServiceCode?.Trim(), Agency?.Trim()), errors);
    }

    private static bool IsReference(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
