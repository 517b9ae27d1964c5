using System.Text.RegularExpressions;

namespace Feedback.Functions.Tests.Architecture;

/// <summary>The C# sources under functions/ as they stand in the repository, with the namespace each declares and the ones it names.</summary>
internal static partial class SourceTree
{
    public static readonly Lazy<string> Root = new(FindRepositoryRoot);

    public static IReadOnlyList<SourceFile> Functions() => SourceFiles("functions");

    public static IReadOnlyList<SourceFile> SourceFiles(string top)
    {
        var folder = Path.Combine(Root.Value, top);
        return Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root.Value, path).Replace('\\', '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .Select(path => Read(path))
            .ToArray();
    }

    private static SourceFile Read(string path)
    {
        var text = File.ReadAllText(Path.Combine(Root.Value, path));
        var declared = FileScopedNamespace().Match(text) is { Success: true } match ? match.Groups["name"].Value : null;
        var imported = UsingDirective().Matches(text)
            .Select(directive => directive.Groups["static"].Success ? directive.Groups["name"].Value[..directive.Groups["name"].Value.LastIndexOf('.')] : directive.Groups["name"].Value)
            .ToArray();
        var code = string.Join('\n', text.Split('\n').Where(line => !line.TrimStart().StartsWith("//", StringComparison.Ordinal) && !line.StartsWith("using ", StringComparison.Ordinal)));
        var qualified = QualifiedName().Matches(code).Select(name => name.Value).ToArray();
        return new SourceFile(path, declared, imported, qualified, code);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Feedback.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No Feedback.sln above {AppContext.BaseDirectory}");
    }

    /// <summary>The names of the types a file declares at its top level (unindented, under a file-scoped namespace).</summary>
    public static IReadOnlyList<string> TopLevelTypes(string code) => [.. TopLevelType().Matches(code).Select(type => type.Groups["name"].Value)];

    [GeneratedRegex(@"^(?:(?:public|internal|static|sealed|abstract|partial|readonly|ref|file)\s+)*(?:class|record|struct|interface|enum)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    [GeneratedRegex(@"^namespace\s+(?<name>[\w.]+)\s*;", RegexOptions.Multiline)]
    private static partial Regex FileScopedNamespace();

    [GeneratedRegex(@"^using\s+(?<static>static\s+)?(?:\w+\s*=\s*)?(?<name>Feedback[\w.]*)\s*;", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();

    /// <summary>A dotted name starting with an upper-case identifier that is not itself a member access (no dot before it).</summary>
    [GeneratedRegex(@"(?<![\w.])[A-Z]\w*(?:\.[A-Z]\w*)+")]
    private static partial Regex QualifiedName();
}

/// <param name="Path">Relative to the repository root, with forward slashes.</param>
/// <param name="Namespace">The file-scoped namespace it declares; null for top-level statements.</param>
/// <param name="Usings">The Feedback namespaces its using directives import (for <c>using static</c>, the type's namespace).</param>
/// <param name="QualifiedNames">Dotted names in its code, which may name a namespace outright (<c>Http.StorageOutage</c>).</param>
internal sealed record SourceFile(string Path, string? Namespace, IReadOnlyList<string> Usings, IReadOnlyList<string> QualifiedNames, string Code)
{
    public string Folder => System.IO.Path.GetDirectoryName(Path)!.Replace('\\', '/');
}
