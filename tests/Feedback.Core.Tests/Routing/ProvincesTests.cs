using Feedback.Core.Routing;

namespace Feedback.Core.Tests.Routing;

public class ProvincesTests
{
    [Fact]
    public void Iran_has_31_provinces_with_unique_lowercase_ascii_keys()
    {
        Assert.Equal(31, Provinces.All.Count);
        Assert.Equal(31, Provinces.All.Select(province => province.Key).Distinct(StringComparer.Ordinal).Count());
        Assert.All(Provinces.All, province => Assert.Matches("^[a-z]+(-[a-z]+)*$", province.Key));
    }

    [Theory]
    [InlineData("zanjan", "زنجان")]
    [InlineData("tehran", "تهران")]
    [InlineData("east-azerbaijan", "آذربایجان شرقی")]
    [InlineData("khorasan-razavi", "خراسان رضوی")]
    [InlineData("kohgiluyeh-boyer-ahmad", "کهگیلویه و بویراحمد")]
    [InlineData("sistan-baluchestan", "سیستان و بلوچستان")]
    public void A_province_is_found_by_its_key(string key, string persianName) =>
        Assert.Equal(persianName, Provinces.Find(key)?.PersianName);

    [Theory]
    [InlineData("Zanjan")]
    [InlineData("زنجان")]
    [InlineData("abhar")]
    [InlineData("")]
    public void Only_an_exact_province_key_is_found(string key) =>
        Assert.Null(Provinces.Find(key));

    [Fact]
    public void Persian_names_use_Persian_letters_not_Arabic_yeh_or_kaf()
    {
        var names = Provinces.All.Select(province => province.PersianName)
            .Concat(Provinces.Counties.SelectMany(county => new[] { county.PersianName, county.SeatPersianName }));

        Assert.All(names, name => Assert.DoesNotMatch("[يكى]", name));
    }

    [Fact]
    public void Zanjan_has_its_eight_counties()
    {
        var counties = Provinces.CountiesOf("zanjan");

        Assert.Equal(
            ["zanjan", "abhar", "khodabandeh", "khorramdarreh", "tarom", "ijrud", "mahneshan", "soltaniyeh"],
            counties.Select(county => county.Key));
        Assert.Equal(
            ["زنجان", "ابهر", "خدابنده", "خرمدره", "طارم", "ایجرود", "ماهنشان", "سلطانیه"],
            counties.Select(county => county.PersianName));
    }

    [Theory]
    [InlineData("zanjan", "khodabandeh", "قیدار")]
    [InlineData("zanjan", "tarom", "آب‌بر")]
    [InlineData("zanjan", "zanjan", "زنجان")]
    public void A_county_is_found_within_its_province(string provinceKey, string countyKey, string seat) =>
        Assert.Equal(seat, Provinces.FindCounty(provinceKey, countyKey)?.SeatPersianName);

    [Theory]
    [InlineData("tehran", "abhar")]
    [InlineData("zanjan", "qazvin")]
    public void A_county_is_not_found_in_another_province(string provinceKey, string countyKey) =>
        Assert.Null(Provinces.FindCounty(provinceKey, countyKey));
}
