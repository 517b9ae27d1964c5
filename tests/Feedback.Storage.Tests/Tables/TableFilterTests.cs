using Feedback.Storage.Tables;

namespace Feedback.Storage.Tests.Tables;

public class TableFilterTests
{
    [Fact]
    public void Each_comparison_writes_its_operator_and_a_typed_literal()
    {
        var moment = new DateTimeOffset(2025, 3, 21, 12, 30, 0, TimeSpan.FromHours(3.5));
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        Assert.Equal("Name eq 'زنجان'", TableFilter.Equal("Name", "زنجان").ToString());
        Assert.Equal("Count ne 3", TableFilter.NotEqual("Count", 3).ToString());
        Assert.Equal("Total gt 5000000000L", TableFilter.GreaterThan("Total", 5_000_000_000L).ToString());
        Assert.Equal("Score ge 2.0", TableFilter.GreaterThanOrEqual("Score", 2.0).ToString());
        Assert.Equal("Score lt 0.25", TableFilter.LessThan("Score", 0.25).ToString());
        Assert.Equal("Open le true", TableFilter.LessThanOrEqual("Open", true).ToString());
        Assert.Equal("At eq datetime'2025-03-21T09:00:00.0000000Z'", TableFilter.Equal("At", moment).ToString());
        Assert.Equal("Id eq guid'0f8fad5b-d9cb-469f-a165-70867728950e'", TableFilter.Equal("Id", id).ToString());
    }

    [Fact]
    public void And_and_or_parenthesize_each_side()
    {
        var filter = TableFilter.Equal("PartitionKey", "zanjan")
            .And(TableFilter.GreaterThanOrEqual("RowKey", "2025").Or(TableFilter.Equal("Urgent", true)));

        Assert.Equal("(PartitionKey eq 'zanjan') and ((RowKey ge '2025') or (Urgent eq true))", filter.ToString());
    }

    [Fact]
    public void Quotes_in_values_are_doubled_so_input_stays_one_string_literal()
    {
        var filter = TableFilter.Equal("Name", "x' or PartitionKey ne '");

        Assert.Equal("Name eq 'x'' or PartitionKey ne '''", filter.ToString());
    }

    [Theory]
    [InlineData("Name eq 'x' or true")]
    [InlineData("")]
    [InlineData("1Name")]
    [InlineData("Name)")]
    public void Property_names_that_are_not_identifiers_are_refused(string property) =>
        Assert.Throws<ArgumentException>(() => TableFilter.Equal(property, "value"));

    [Fact]
    public void Values_the_service_cannot_compare_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TableFilter.Equal("Score", double.NaN));
        Assert.Throws<ArgumentException>(() => TableFilter.Equal("Score", default(TableFilterValue)));
    }
}
