using Feedback.Classification.Taxonomy;
using Feedback.Core.Routing;

namespace Feedback.Core.Trends;

/// <summary>The Persian names people read for the keys the counters store; a key nobody named any more is shown as it is.</summary>
public sealed class TrendLabels(string province, RoutingTable routing)
{
    /// <summary>What an item without a county is listed as.</summary>
    public const string NoCounty = "نامشخص";

    public string ProvinceKey => province;

    public string ProvinceName => Provinces.Find(province)?.PersianName ?? province;

    public static string Topic(string? key) =>
        FeedbackTaxonomy.Topics.FirstOrDefault(label => label.Key == key)?.PersianName ?? key ?? string.Empty;

    public static string Sentiment(string? key) =>
        FeedbackTaxonomy.Sentiments.FirstOrDefault(label => label.Key == key)?.PersianName ?? key ?? string.Empty;

    /// <summary>An item's status (its lower-case name) as staff read it.</summary>
    public static string Status(string key) => key switch
    {
        "received" => "دریافت شده",
        "routed" => "ارجاع شده",
        "failed" => "پردازش نشده",
        "acknowledged" => "دیده شده",
        "inprogress" => "در دست رسیدگی",
        "resolved" => "رسیدگی شده",
        "rejected" => "رد شده",
        "recorded" => "نظر ثبت‌شده",
        _ => key,
    };

    /// <summary>What an SLA breach's kind means to a reader.</summary>
    public static string SlaKind(string kind) => kind switch
    {
        SlaBreach.Acknowledge => "دیده نشده در مهلت",
        SlaBreach.Resolve => "رسیدگی نشده در مهلت",
        _ => kind,
    };

    public string Agency(string key) => routing.FindAgency(key)?.PersianName ?? key;

    public string County(string? key) => key is null ? NoCounty : Provinces.FindCounty(province, key)?.PersianName ?? key;

    /// <summary>The choices the dashboard's filters offer: every topic and sentiment, the province's agencies and counties.</summary>
    public TrendChoices Choices() => new(
        FeedbackTaxonomy.Topics.Select(label => new TrendChoice(label.Key, label.PersianName)).ToArray(),
        FeedbackTaxonomy.Sentiments.Select(label => new TrendChoice(label.Key, label.PersianName)).ToArray(),
        routing.Agencies.Where(agency => agency.ProvinceKey == province)
            .Select(agency => new TrendChoice(agency.Key, agency.PersianName))
            .OrderBy(choice => choice.Label, StringComparer.Ordinal)
            .ToArray(),
        Provinces.CountiesOf(province).Select(county => new TrendChoice(county.Key, county.PersianName)).ToArray());
}

/// <summary>A key and the Persian name a filter shows for it.</summary>
public sealed record TrendChoice(string Key, string Label);

/// <summary>What each of the dashboard's filters can be set to.</summary>
public sealed record TrendChoices(IReadOnlyList<TrendChoice> Topics, IReadOnlyList<TrendChoice> Sentiments, IReadOnlyList<TrendChoice> Agencies, IReadOnlyList<TrendChoice> Counties);
