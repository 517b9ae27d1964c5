using System.Text;
using Feedback.Core.Trends;

namespace Feedback.Core.Tests.Trends;

public class CsvTableTests
{
    [Fact]
    public void The_file_starts_with_the_utf8_byte_order_mark_and_keeps_persian_as_it_is()
    {
        var table = new CsvTable("موضوع", "تعداد");
        table.Add("آب و فاضلاب", 12);

        var bytes = table.ToUtf8WithBom();

        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal("موضوع,تعداد\r\nآب و فاضلاب,12\r\n", Encoding.UTF8.GetString(bytes.AsSpan(3)));
    }

    [Theory]
    [InlineData("ساده", "ساده")]
    [InlineData("آب، برق, گاز", "\"آب، برق, گاز\"")]
    [InlineData("گفت \"فوری\"", "\"گفت \"\"فوری\"\"\"")]
    [InlineData("خط اول\nخط دوم", "\"خط اول\nخط دوم\"")]
    [InlineData("", "")]
    [InlineData("فایل\u202Egpj.exe", "فایلgpj.exe")]
    [InlineData("\u2067کد\u2069 نیم\u200Cفاصله", "کد نیم\u200Cفاصله")]
    public void Fields_are_quoted_only_when_they_must_be(string text, string field)
    {
        var table = new CsvTable("متن");
        table.Add(text);

        Assert.Equal($"متن\r\n{field}\r\n", table.ToString());
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [InlineData("+98912", "'+98912")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("a=b", "a=b")]
    [InlineData("\u200B=cmd|' /C calc'!A0", "'\u200B=cmd|' /C calc'!A0")]
    [InlineData("\u202E=1+1", "'=1+1")]
    [InlineData("\uFEFF\u200E @SUM(A1)", "'\uFEFF\u200E @SUM(A1)")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_is_prefixed_with_an_apostrophe(string text, string field)
    {
        var table = new CsvTable("متن");
        table.Add(text);

        Assert.Equal($"متن\r\n{field}\r\n", table.ToString());
    }

    [Fact]
    public void Numbers_the_code_computed_stay_numbers_even_when_negative()
    {
        var table = new CsvTable("افزایش", "تعداد", "میانگین", "خالی");
        table.Add(CsvValue.FromNumber(-12.345, 1), -3, CsvValue.FromNumber(4.0, 2), CsvValue.FromNumber(null, 2));

        Assert.Equal("افزایش,تعداد,میانگین,خالی\r\n-12.3,-3,4,\r\n", table.ToString());
    }

    [Fact]
    public void A_row_must_have_as_many_cells_as_the_header()
    {
        var table = new CsvTable("a", "b");

        Assert.Throws<ArgumentException>(() => table.Add("only one"));
    }
}
