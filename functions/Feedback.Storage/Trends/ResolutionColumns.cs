using Azure.Data.Tables;
using Feedback.Core.Trends;

namespace Feedback.Storage.Trends;

/// <summary>
/// A trend cell's resolution dimensions as columns, the same in a counter row and in the day index row the drill-down
/// reads: written only when set, so rows of unresolved items look as they did before resolutions were counted.
/// </summary>
public static class ResolutionColumns
{
    public const string Resolved = "Resolved";
    public const string ResolutionRating = "ResolutionRating";
    public const string Reopened = "Reopened";

    public static void Add(TableEntity row, TrendCell cell)
    {
        if (cell.Resolved)
            row[Resolved] = true;
        if (cell.ResolutionRating is { } rating)
            row[ResolutionRating] = rating;
        if (cell.Reopened)
            row[Reopened] = true;
    }
}
