using System.Text.RegularExpressions;

namespace Feedback.Functions.Tests.Architecture;

/// <summary>docs/architecture.md's "Follow a message" names files that exist and the types they declare.</summary>
public partial class FollowAMessageTests
{
    private const string Document = "docs/architecture.md";

    [Fact]
    public void The_section_lists_the_path_in_order()
    {
        var steps = Steps();

        Assert.True(steps.Count >= 10, $"{Document}'s \"Follow a message\" lists {steps.Count} steps");
        Assert.Equal(Enumerable.Range(1, steps.Count), steps.Select(step => step.Number));
    }

    [Fact]
    public void Each_named_file_exists_and_declares_the_named_type()
    {
        var wrong = Steps()
            .Where(step => !File.Exists(Path.Combine(SourceTree.Root.Value, step.File))
                || !Declaration(step.Type).IsMatch(File.ReadAllText(Path.Combine(SourceTree.Root.Value, step.File))))
            .Select(step => $"step {step.Number}: {step.File} does not declare {step.Type}");

        Assert.Empty(wrong);
    }

    private static List<(int Number, string File, string Type)> Steps()
    {
        var text = File.ReadAllText(Path.Combine(SourceTree.Root.Value, Document));
        var start = text.IndexOf("\n## Follow a message\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"{Document} has no \"## Follow a message\" section");
        var end = text.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? text[start..] : text[start..end];
        return StepRow().Matches(section)
            .Select(row => (int.Parse(row.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture), row.Groups["file"].Value, row.Groups["type"].Value))
            .ToList();
    }

    private static Regex Declaration(string type) =>
        new($@"\b(class|record|struct|interface|enum)\s+{Regex.Escape(type)}\b", RegexOptions.None, TimeSpan.FromSeconds(1));

    [GeneratedRegex(@"^\| (?<number>\d+) \| `(?<file>[^`]+)` \| `(?<type>\w+)` \|", RegexOptions.Multiline)]
    private static partial Regex StepRow();
}
