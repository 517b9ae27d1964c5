using System.CommandLine;
using Feedback.Classification;
using Feedback.Classification.Model;

namespace Feedback.Cli.Commands;

/// <summary>The --model option shared by the commands that classify: defaults to the repository's model, else the one beside the binary.</summary>
internal static class ModelOption
{
    public static Option<string?> Create() => new("--model") { Description = "Model file. Default: functions/Feedback.Classification/model/" + ModelFile.FileName };

    public static string Resolve(string? path)
    {
        if (path is not null)
            return path;
        var paths = RepositoryPaths.Find();
        var inRepository = paths is null ? null : Path.Combine(paths.ModelDirectory, ModelFile.FileName);
        return inRepository is not null && File.Exists(inRepository) ? inRepository : FeedbackClassifier.DefaultModelPath;
    }

    public static FeedbackClassifier Load(string? path) => FeedbackClassifier.Load(Resolve(path));
}
