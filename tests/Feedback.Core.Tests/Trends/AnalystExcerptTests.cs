using Feedback.Core.Trends;

namespace Feedback.Core.Tests.Trends;

public class AnalystExcerptTests
{
    [Theory]
    [InlineData("با شماره ۰۹۱۲۱۲۳۴۵۶۷ تماس بگیرید", "با شماره *** تماس بگیرید")]
    [InlineData("شماره 0912 123 45 67 است", "شماره *** است")]
    [InlineData("کد ملی ٠٠١-٢٣٤٥٦٧-٨ را ثبت کنید", "کد ملی *** را ثبت کنید")]
    [InlineData("پلاک 12ب345 ایران 67", "پلاک 12ب*** ایران 67")]
    [InlineData("ایمیل من ali.rezaei@example.com است", "ایمیل من *** است")]
    [InlineData("۲ روز آب نداریم", "۲ روز آب نداریم")]
    public void Digit_runs_and_email_addresses_are_masked(string text, string excerpt) =>
        Assert.Equal(excerpt, AnalystExcerpt.Of(text));

    [Fact]
    public void Line_breaks_and_runs_of_spaces_become_one_space()
    {
        Assert.Equal("سلام آب قطع است", AnalystExcerpt.Of("  سلام\n\nآب   قطع\tاست "));
    }

    [Fact]
    public void A_long_message_is_cut_with_an_ellipsis()
    {
        var text = string.Concat(Enumerable.Repeat("آب محله ما قطع است ", 30));

        var excerpt = AnalystExcerpt.Of(text);

        Assert.True(excerpt.Length <= AnalystExcerpt.MaxLength + 1);
        Assert.EndsWith("…", excerpt, StringComparison.Ordinal);
        Assert.StartsWith("آب محله ما قطع است", excerpt, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cut_never_splits_a_character_in_two()
    {
        var text = new string('ا', AnalystExcerpt.MaxLength - 1) + "😡😡";

        var excerpt = AnalystExcerpt.Of(text);

        Assert.Equal(new string('ا', AnalystExcerpt.MaxLength - 1) + "…", excerpt);
    }
}
