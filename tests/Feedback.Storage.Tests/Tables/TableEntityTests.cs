using Feedback.Storage.Tables;

namespace Feedback.Storage.Tests.Tables;

public class TableEntityTests
{
    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\tb")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    public void Keys_with_characters_the_service_forbids_are_refused_with_the_reason(string key)
    {
        var partitionRefusal = Assert.Throws<ArgumentException>(() => new TableEntity(key, "row"));
        var rowRefusal = Assert.Throws<ArgumentException>(() => new TableEntity("partition", key));

        Assert.Contains("partitionKey has", partitionRefusal.Message, StringComparison.Ordinal);
        Assert.Contains("rowKey has", rowRefusal.Message, StringComparison.Ordinal);
        Assert.Contains("cannot contain / \\ # ? or control characters", rowRefusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Persian_text_spaces_and_quotes_are_valid_keys()
    {
        var entity = new TableEntity("استان زنجان", "O'Reilly 1404-01");

        Assert.Equal("استان زنجان", entity.PartitionKey);
    }

    [Fact]
    public void Only_the_types_table_storage_stores_are_accepted()
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity["Decimal"] = 1.5m);
        Assert.Throws<ArgumentException>(() => entity["Local"] = DateTime.Now);
        Assert.Throws<ArgumentException>(() => entity["Infinite"] = double.PositiveInfinity);
        Assert.Throws<ArgumentException>(() => entity["RowKey"] = "r2");
        Assert.Throws<ArgumentException>(() => entity["not valid"] = "x");
        Assert.Throws<ArgumentNullException>(() => entity["Missing"] = null!);
    }

    [Fact]
    public void Typed_getters_return_null_when_absent_and_refuse_another_type()
    {
        var entity = new TableEntity("p", "r") { ["Count"] = 3 };

        Assert.Null(entity.GetString("Absent"));
        Assert.Equal(3, entity.GetInt32("Count"));
        Assert.Equal(3.0, entity.GetDouble("Count"));
        Assert.Throws<InvalidCastException>(() => entity.GetString("Count"));
    }
}
