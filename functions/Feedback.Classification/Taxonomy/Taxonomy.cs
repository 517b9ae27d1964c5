namespace Feedback.Classification.Taxonomy;

/// <summary>One label of the taxonomy: the stable key every part of the pipeline stores, and what people read.</summary>
public sealed record TaxonomyLabel(string Key, string PersianName);

/// <summary>
/// The project's copy of shared/taxonomy.md. Keys are a contract: they appear in stored rows,
/// queue properties, routing rules, API responses and evaluation files. Order is fixed, because
/// model files store class weights in this order.
/// </summary>
public static class FeedbackTaxonomy
{
    public const string UnlabelledTopic = "-";

    public static IReadOnlyList<TaxonomyLabel> Sentiments { get; } =
    [
        new("negative", "منفی"),
        new("neutral", "خنثی"),
        new("positive", "مثبت"),
    ];

    public static IReadOnlyList<TaxonomyLabel> Topics { get; } =
    [
        new("water", "آب و فاضلاب"),
        new("electricity", "برق"),
        new("gas", "گاز"),
        new("municipality", "شهرداری"),
        new("transport", "حمل‌ونقل و راه"),
        new("health", "بهداشت و درمان"),
        new("education", "آموزش و پرورش"),
        new("civil_registry", "ثبت احوال"),
        new("tax", "امور مالیاتی"),
        new("police", "پلیس و راهور"),
        new("social_security", "تأمین اجتماعی و بیمه"),
        new("counter_service", "دفاتر پیشخوان و خدمات الکترونیک"),
        new("telecom_post", "مخابرات و پست"),
        new("other", "سایر"),
    ];

    public static IReadOnlyList<string> SentimentKeys { get; } = Sentiments.Select(label => label.Key).ToArray();

    public static IReadOnlyList<string> TopicKeys { get; } = Topics.Select(label => label.Key).ToArray();

    public static int SentimentIndex(string key) => IndexOf(SentimentKeys, key);

    public static int TopicIndex(string key) => IndexOf(TopicKeys, key);

    private static int IndexOf(IReadOnlyList<string> keys, string key)
    {
        for (var i = 0; i < keys.Count; i++)
        {
            if (string.Equals(keys[i], key, StringComparison.Ordinal))
                return i;
        }
        return -1;
    }
}
