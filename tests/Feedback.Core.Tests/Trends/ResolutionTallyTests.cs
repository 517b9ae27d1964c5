using Feedback.Core.Trends;

namespace Feedback.Core.Tests.Trends;

/// <summary>Each agency's resolution satisfaction (answers 4–5 among the rated) and reopen rate (reopened per resolved case).</summary>
public class ResolutionTallyTests
{
    private static TrendCell Cell(bool resolved = false, int? resolutionRating = null, bool reopened = false) =>
        new("water", "negative", "zanjan-water-wastewater", "abhar", null, Core.Items.ItemKind.Case, resolved, resolutionRating, reopened);

    [Fact]
    public void Resolution_figures_add_up_from_the_cells()
    {
        var tally = TrendTally.Empty
            .Add(Cell(), 4)
            .Add(Cell(resolved: true), 2)
            .Add(Cell(resolved: true, resolutionRating: 5), 3)
            .Add(Cell(resolved: true, resolutionRating: 4), 1)
            .Add(Cell(resolved: true, resolutionRating: 2, reopened: true), 2)
            .Add(Cell(resolved: true, reopened: true), 2);

        Assert.Equal(14, tally.Volume);
        Assert.Equal(10, tally.Resolved);
        Assert.Equal(6, tally.ResolutionRated);
        Assert.Equal(4, tally.ResolutionSatisfied);
        Assert.Equal(4.0 / 6, tally.ResolutionSatisfaction);
        Assert.Equal((15 + 4 + 4) / 6.0, tally.AverageResolutionRating);
        Assert.Equal(4, tally.Reopened);
        Assert.Equal(0.4, tally.ReopenRate);
    }

    [Fact]
    public void Without_resolutions_there_is_no_rate_to_show()
    {
        var tally = TrendTally.Empty.Add(Cell(), 3);

        Assert.Null(tally.ResolutionSatisfaction);
        Assert.Null(tally.AverageResolutionRating);
        Assert.Null(tally.ReopenRate);
    }
}
