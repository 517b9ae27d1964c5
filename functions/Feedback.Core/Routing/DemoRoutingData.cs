namespace Feedback.Core.Routing;

/// <summary>
/// Seed routing data for the pilot province, Zanjan: one provincial agency per topic (the taxonomy's default
/// responsible agency), the county towns' municipalities for municipal topics, and Khodabandeh's own
/// electricity distribution office as an example of a county override of a provincial company.
/// </summary>
public static class DemoRoutingData
{
    private const string Province = Provinces.ZanjanKey;
    private const string SecretariatKey = "zanjan-governorate-secretariat";

    /// <summary>The provincial agency of each taxonomy topic, in taxonomy order.</summary>
    private static readonly (string Topic, Agency Agency)[] ProvincialAgencies =
    [
        ("water", new("zanjan-water-wastewater", "شرکت آب و فاضلاب استان زنجان", Province)),
        ("electricity", new("zanjan-electricity-distribution", "شرکت توزیع نیروی برق استان زنجان", Province)),
        ("gas", new("zanjan-gas", "شرکت گاز استان زنجان", Province)),
        // Without a county the provincial capital's municipality receives it; each county town's is an override.
        ("municipality", new("zanjan-zanjan-municipality", "شهرداری زنجان", Province, "zanjan")),
        ("transport", new("zanjan-roads-transport", "اداره کل راهداری و حمل‌ونقل جاده‌ای استان زنجان", Province)),
        ("health", new("zanjan-medical-sciences-university", "دانشگاه علوم پزشکی زنجان", Province)),
        ("education", new("zanjan-education", "اداره کل آموزش و پرورش استان زنجان", Province)),
        ("civil_registry", new("zanjan-civil-registry", "اداره کل ثبت احوال استان زنجان", Province)),
        ("tax", new("zanjan-tax", "اداره کل امور مالیاتی استان زنجان", Province)),
        ("police", new("zanjan-police", "فرماندهی انتظامی استان زنجان", Province)),
        ("social_security", new("zanjan-social-security", "اداره کل تأمین اجتماعی استان زنجان", Province)),
        ("counter_service", new("zanjan-counter-offices-workgroup", "کارگروه دفاتر پیشخوان استانداری زنجان", Province)),
        ("telecom_post", new("zanjan-telecom", "شرکت مخابرات استان زنجان", Province)),
        ("other", new(SecretariatKey, "دبیرخانه استانداری زنجان", Province)),
    ];

    private static readonly Agency KhodabandehElectricity =
        new("zanjan-khodabandeh-electricity-distribution", "مدیریت توزیع برق شهرستان خدابنده", Province, "khodabandeh");

    private static readonly Agency[] CountyTownMunicipalities = Provinces.CountiesOf(Province)
        .Where(county => county.Key != "zanjan")
        .Select(county => new Agency($"zanjan-{county.Key}-municipality", $"شهرداری {county.SeatPersianName}", Province, county.Key))
        .ToArray();

    public static IReadOnlyList<Agency> Agencies { get; } =
    [
        .. ProvincialAgencies.Select(entry => entry.Agency),
        .. CountyTownMunicipalities,
        KhodabandehElectricity,
    ];

    public static IReadOnlyList<RoutingRule> Rules { get; } =
    [
        .. ProvincialAgencies.Select(entry => new RoutingRule(Province, entry.Topic, entry.Agency.Key)),
        .. CountyTownMunicipalities.Select(agency => new RoutingRule(Province, "municipality", agency.Key, agency.CountyKey)),
        new RoutingRule(Province, "electricity", KhodabandehElectricity.Key, KhodabandehElectricity.CountyKey),
    ];

    public static IReadOnlyList<GovernorateSecretariat> Secretariats { get; } = [new(Province, SecretariatKey)];

    public static RoutingData Data { get; } = new(Agencies, Rules, Secretariats);

    public static RoutingTable CreateTable() => Data.ToTable();
}
