namespace Feedback.Storage.Tables;

/// <summary>
/// An OData $filter built from comparisons of a property with a typed value, joined with and/or. Property
/// names are checked to be identifiers and values are written as literals (<see cref="TableFilterValue"/>),
/// so user input cannot change the filter's shape: there is no way to put raw text into one.
/// </summary>
public sealed class TableFilter
{
    private readonly string expression;

    private TableFilter(string expression) => this.expression = expression;

    public static TableFilter Equal(string property, TableFilterValue value) => Compare(property, "eq", value);

    public static TableFilter NotEqual(string property, TableFilterValue value) => Compare(property, "ne", value);

    public static TableFilter GreaterThan(string property, TableFilterValue value) => Compare(property, "gt", value);

    public static TableFilter GreaterThanOrEqual(string property, TableFilterValue value) => Compare(property, "ge", value);

    public static TableFilter LessThan(string property, TableFilterValue value) => Compare(property, "lt", value);

    public static TableFilter LessThanOrEqual(string property, TableFilterValue value) => Compare(property, "le", value);

    public TableFilter And(TableFilter other) => Join("and", other);

    public TableFilter Or(TableFilter other) => Join("or", other);

    /// <summary>The $filter text.</summary>
    public override string ToString() => expression;

    private static TableFilter Compare(string property, string operation, TableFilterValue value) =>
        new($"{TableNames.ValidateProperty(property)} {operation} {value.Literal ?? throw new ArgumentException("The filter value was never set.", nameof(value))}");

    private TableFilter Join(string operation, TableFilter other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new($"({expression}) {operation} ({other.expression})");
    }
}
