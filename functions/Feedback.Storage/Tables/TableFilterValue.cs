using System.Globalization;

namespace Feedback.Storage.Tables;

/// <summary>
/// A value compared in a <see cref="TableFilter"/>, written as an OData literal of its own type: strings
/// quoted with inner quotes doubled, longs with the L suffix, doubles always with a decimal point (so they
/// compare as Edm.Double), dates as datetime'…', guids as guid'…'. Built only from typed values, never from
/// raw filter text.
/// </summary>
public readonly struct TableFilterValue
{
    private TableFilterValue(string literal) => Literal = literal;

    internal string Literal { get; }

    public static implicit operator TableFilterValue(string value) => FromString(value);

    public static implicit operator TableFilterValue(int value) => FromInt32(value);

    public static implicit operator TableFilterValue(long value) => FromInt64(value);

    public static implicit operator TableFilterValue(double value) => FromDouble(value);

    public static implicit operator TableFilterValue(bool value) => FromBoolean(value);

    public static implicit operator TableFilterValue(DateTimeOffset value) => FromDateTimeOffset(value);

    public static implicit operator TableFilterValue(Guid value) => FromGuid(value);

    public static TableFilterValue FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new($"'{value.Replace("'", "''", StringComparison.Ordinal)}'");
    }

    public static TableFilterValue FromInt32(int value) => new(value.ToString(CultureInfo.InvariantCulture));

    public static TableFilterValue FromInt64(long value) => new($"{value.ToString(CultureInfo.InvariantCulture)}L");

    public static TableFilterValue FromDouble(double value)
    {
        if (!double.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "Only finite doubles can be compared in a table filter.");
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        return new(text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : $"{text}.0");
    }

    public static TableFilterValue FromBoolean(bool value) => new(value ? "true" : "false");

    public static TableFilterValue FromDateTimeOffset(DateTimeOffset value) => new($"datetime'{TableValues.FormatDateTime(value)}'");

    public static TableFilterValue FromGuid(Guid value) => new($"guid'{value:D}'");
}
