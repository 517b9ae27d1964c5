using Feedback.Core.Places;

namespace Feedback.Core.Routing;

/// <summary>A province (استان). <see cref="Key"/> is stable and stored in rows and routing rules.</summary>
public sealed record Province(string Key, string PersianName);

/// <summary>A county (شهرستان) of a province; <see cref="SeatPersianName"/> is its county town (مرکز شهرستان).</summary>
public sealed record County(string Key, string PersianName, string ProvinceKey, string SeatPersianName);

/// <summary>Iran's 31 provinces and their counties.</summary>
public static class Provinces
{
    public const string ZanjanKey = "zanjan";

    public static IReadOnlyList<Province> All { get; } =
    [
        new("east-azerbaijan", "آذربایجان شرقی"),
        new("west-azerbaijan", "آذربایجان غربی"),
        new("ardabil", "اردبیل"),
        new("isfahan", "اصفهان"),
        new("alborz", "البرز"),
        new("ilam", "ایلام"),
        new("bushehr", "بوشهر"),
        new("tehran", "تهران"),
        new("chaharmahal-bakhtiari", "چهارمحال و بختیاری"),
        new("south-khorasan", "خراسان جنوبی"),
        new("khorasan-razavi", "خراسان رضوی"),
        new("north-khorasan", "خراسان شمالی"),
        new("khuzestan", "خوزستان"),
        new(ZanjanKey, "زنجان"),
        new("semnan", "سمنان"),
        new("sistan-baluchestan", "سیستان و بلوچستان"),
        new("fars", "فارس"),
        new("qazvin", "قزوین"),
        new("qom", "قم"),
        new("kurdistan", "کردستان"),
        new("kerman", "کرمان"),
        new("kermanshah", "کرمانشاه"),
        new("kohgiluyeh-boyer-ahmad", "کهگیلویه و بویراحمد"),
        new("golestan", "گلستان"),
        new("gilan", "گیلان"),
        new("lorestan", "لرستان"),
        new("mazandaran", "مازندران"),
        new("markazi", "مرکزی"),
        new("hormozgan", "هرمزگان"),
        new("hamadan", "همدان"),
        new("yazd", "یزد"),
    ];

    /// <summary>Every province's counties, from the gazetteer (<see cref="Gazetteer.Iran"/>), in its order.</summary>
    public static IReadOnlyList<County> Counties { get; } =
        Gazetteer.Iran.Counties.Select(county => new County(county.Key, county.PersianName, county.ProvinceKey, county.SeatPersianName)).ToArray();

    /// <summary>Finds the places of <see cref="Gazetteer.Iran"/> in a text, knowing every province's name.</summary>
    public static PlaceMatcher Places { get; } = new(Gazetteer.Iran, All.Select(province => (province.Key, province.PersianName)));

    public static Province? Find(string provinceKey) =>
        All.FirstOrDefault(province => string.Equals(province.Key, provinceKey, StringComparison.Ordinal));

    public static IReadOnlyList<County> CountiesOf(string provinceKey) =>
        Counties.Where(county => string.Equals(county.ProvinceKey, provinceKey, StringComparison.Ordinal)).ToArray();

    /// <summary>County keys are unique within a province only ("zanjan" is a province and one of its counties).</summary>
    public static County? FindCounty(string provinceKey, string countyKey) =>
        CountiesOf(provinceKey).FirstOrDefault(county => string.Equals(county.Key, countyKey, StringComparison.Ordinal));
}
