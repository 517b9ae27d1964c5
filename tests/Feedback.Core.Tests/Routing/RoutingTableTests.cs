using Feedback.Classification.Taxonomy;
using Feedback.Core.Routing;

namespace Feedback.Core.Tests.Routing;

public class RoutingTableTests
{
    private static readonly RoutingTable Demo = DemoRoutingData.CreateTable();

    [Theory]
    [InlineData("abhar", "municipality", "zanjan-abhar-municipality", "شهرداری ابهر")]
    [InlineData("khodabandeh", "municipality", "zanjan-khodabandeh-municipality", "شهرداری قیدار")]
    [InlineData("tarom", "municipality", "zanjan-tarom-municipality", "شهرداری آب‌بر")]
    [InlineData("ijrud", "municipality", "zanjan-ijrud-municipality", "شهرداری زرین‌آباد")]
    [InlineData("khodabandeh", "electricity", "zanjan-khodabandeh-electricity-distribution", "مدیریت توزیع برق شهرستان خدابنده")]
    public void A_county_rule_comes_first(string county, string topic, string agencyKey, string agencyName)
    {
        var decision = Demo.Resolve("zanjan", county, topic);

        Assert.NotNull(decision);
        Assert.Equal(RoutingReason.CountyRule, decision.Reason);
        Assert.Equal(agencyKey, decision.Agency.Key);
        Assert.Equal(agencyName, decision.Agency.PersianName);
        Assert.Equal(county, decision.Rule?.CountyKey);
    }

    [Theory]
    [InlineData(null, "water", "zanjan-water-wastewater", "شرکت آب و فاضلاب استان زنجان")]
    [InlineData("khodabandeh", "water", "zanjan-water-wastewater", "شرکت آب و فاضلاب استان زنجان")]
    [InlineData("abhar", "electricity", "zanjan-electricity-distribution", "شرکت توزیع نیروی برق استان زنجان")]
    [InlineData(null, "municipality", "zanjan-zanjan-municipality", "شهرداری زنجان")]
    [InlineData("zanjan", "municipality", "zanjan-zanjan-municipality", "شهرداری زنجان")]
    [InlineData("not-a-county", "gas", "zanjan-gas", "شرکت گاز استان زنجان")]
    [InlineData(null, "other", "zanjan-governorate-secretariat", "دبیرخانه استانداری زنجان")]
    public void Without_a_county_rule_the_provinces_rule_for_the_topic_applies(string? county, string topic, string agencyKey, string agencyName)
    {
        var decision = Demo.Resolve("zanjan", county, topic);

        Assert.NotNull(decision);
        Assert.Equal(RoutingReason.ProvinceRule, decision.Reason);
        Assert.Equal(agencyKey, decision.Agency.Key);
        Assert.Equal(agencyName, decision.Agency.PersianName);
        Assert.Null(decision.Rule?.CountyKey);
    }

    [Theory]
    [InlineData(null, "gas")]
    [InlineData("abhar", "gas")]
    [InlineData(null, "a-topic-from-a-newer-model")]
    public void Without_any_rule_the_governorate_secretariat_receives_it(string? county, string topic)
    {
        var withoutGas = new RoutingTable(
            DemoRoutingData.Agencies,
            DemoRoutingData.Rules.Where(rule => rule.TopicKey != "gas"),
            DemoRoutingData.Secretariats);

        var decision = withoutGas.Resolve("zanjan", county, topic);

        Assert.NotNull(decision);
        Assert.Equal(RoutingReason.GovernorateSecretariatFallback, decision.Reason);
        Assert.Equal("zanjan-governorate-secretariat", decision.Agency.Key);
        Assert.Null(decision.Rule);
    }

    [Fact]
    public void A_province_that_does_not_run_the_pipeline_routes_nowhere() =>
        Assert.Null(Demo.Resolve("tehran", null, "water"));

    public static TheoryData<string?, string> ZanjanCountiesAndTopics()
    {
        var data = new TheoryData<string?, string>();
        foreach (var topic in FeedbackTaxonomy.TopicKeys)
        {
            data.Add(null, topic);
            foreach (var county in Provinces.CountiesOf("zanjan"))
                data.Add(county.Key, topic);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ZanjanCountiesAndTopics))]
    public void Every_topic_routes_by_a_rule_to_a_Zanjan_agency_in_every_county(string? county, string topic)
    {
        var decision = Demo.Resolve("zanjan", county, topic);

        Assert.NotNull(decision);
        Assert.NotEqual(RoutingReason.GovernorateSecretariatFallback, decision.Reason);
        Assert.Equal("zanjan", decision.Agency.ProvinceKey);
        Assert.Same(decision.Agency, Demo.FindAgency(decision.Agency.Key));
    }

    [Fact]
    public void The_demo_has_one_provincial_agency_per_topic()
    {
        var provincialRules = DemoRoutingData.Rules.Where(rule => rule.CountyKey is null).ToArray();

        Assert.Equal(FeedbackTaxonomy.TopicKeys.Order(StringComparer.Ordinal), provincialRules.Select(rule => rule.TopicKey).Order(StringComparer.Ordinal));
        Assert.Equal(provincialRules.Length, provincialRules.Select(rule => rule.AgencyKey).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("abhar", "municipality", "abhar/municipality")]
    [InlineData(null, "water", "zanjan/water")]
    public void A_decision_explains_itself(string? county, string topic, string mentioned)
    {
        var decision = Demo.Resolve("zanjan", county, topic);

        Assert.Contains(mentioned, decision?.Explanation, StringComparison.Ordinal);
        Assert.Contains(decision!.Agency.Key, decision.Explanation, StringComparison.Ordinal);
    }

    public static TheoryData<string, RoutingRule> BadRules() => new()
    {
        { "unknown topic roads", new RoutingRule("zanjan", "roads", "zanjan-gas") },
        { "unknown agency zanjan-nowhere", new RoutingRule("zanjan", "gas", "zanjan-nowhere") },
        { "unknown province atlantis", new RoutingRule("atlantis", "gas", "zanjan-gas") },
        { "not a county of zanjan", new RoutingRule("zanjan", "gas", "zanjan-gas", "karaj") },
        { "listed twice", new RoutingRule("zanjan", "gas", "zanjan-water-wastewater") },
        { "another province (zanjan)", new RoutingRule("qazvin", "gas", "zanjan-gas") },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public void A_bad_rule_is_refused_when_the_table_is_loaded(string expectedMessage, RoutingRule badRule)
    {
        var exception = Assert.Throws<ArgumentException>(() => new RoutingTable(
            DemoRoutingData.Agencies,
            [.. DemoRoutingData.Rules, badRule],
            DemoRoutingData.Secretariats));

        Assert.Contains(expectedMessage, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_agency_listed_twice_is_refused()
    {
        var exception = Assert.Throws<ArgumentException>(() => new RoutingTable(
            [.. DemoRoutingData.Agencies, new Agency("zanjan-gas", "شرکت گاز", "zanjan")],
            DemoRoutingData.Rules,
            DemoRoutingData.Secretariats));

        Assert.Contains("zanjan-gas", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_secretariat_for_a_province_is_refused() =>
        Assert.Throws<ArgumentException>(() => new RoutingTable(
            DemoRoutingData.Agencies,
            DemoRoutingData.Rules,
            [.. DemoRoutingData.Secretariats, new GovernorateSecretariat("zanjan", "zanjan-gas")]));
}
