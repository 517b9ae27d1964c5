using System.Net;
using System.Text.RegularExpressions;
using Feedback.Core.Routing;

namespace Feedback.Functions.Pages;

/// <summary>
/// Fills a page template's <c>{{name}}</c> placeholders with this deployment's data (its province and that
/// province's counties), HTML-encoded, so the pages need no request of their own to show them.
/// </summary>
internal static partial class PageTemplate
{
    /// <summary>The values the citizen pages' templates use, as HTML.</summary>
    public static IReadOnlyDictionary<string, string> ValuesFor(Province province) => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["province-key"] = WebUtility.HtmlEncode(province.Key),
        ["province-name"] = WebUtility.HtmlEncode(province.PersianName),
        ["county-options"] = string.Join(
            '\n',
            Provinces.CountiesOf(province.Key).Select(county =>
                $"""                    <option value="{WebUtility.HtmlEncode(county.Key)}">{WebUtility.HtmlEncode(county.PersianName)}</option>""")),
    };

    /// <summary>
    /// The template with every placeholder replaced, in one pass (a value is never read as a template itself).
    /// A placeholder without a value is a mismatch between template and code, and throws.
    /// </summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> htmlValues) =>
        Placeholder().Replace(template, match => htmlValues.TryGetValue(match.Groups["name"].Value, out var value)
            ? value
            : throw new InvalidOperationException($"The page template uses {match.Value}, which has no value."));

    [GeneratedRegex(@"\{\{(?<name>[a-z-]+)\}\}")]
    private static partial Regex Placeholder();
}
