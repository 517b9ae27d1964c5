namespace Feedback.Functions.Tests.Architecture;

/// <summary>
/// The folders of each project under functions/ form layers: a folder may use another's types only if that one
/// does not, directly or through others, use its own. Each folder is one namespace, so the check reads the
/// namespaces a file imports or names. A folder and the ones nested in it are not checked against each other.
/// </summary>
public class FolderCycleTests
{
    [Fact]
    public void Each_file_declares_the_namespace_of_its_folder()
    {
        var misplaced = SourceTree.Functions()
            .Where(file => file.Namespace is not null && file.Namespace != file.Folder["functions/".Length..].Replace('/', '.'))
            .Select(file => $"{file.Path} declares {file.Namespace}");

        Assert.Empty(misplaced);
    }

    [Fact]
    public void No_folders_use_each_other_in_a_circle()
    {
        var cycles = Cycles(Dependencies(SourceTree.Functions()));

        Assert.True(cycles.Count == 0, "Folders that use each other in a circle:\n" + string.Join('\n', cycles));
    }

    [Fact]
    public void A_circle_is_found_when_two_folders_use_each_other()
    {
        SourceFile[] files =
        [
            new("functions/Feedback.X/A/One.cs", "Feedback.X.A", ["Feedback.X.B"], [], "public sealed class One;"),
            new("functions/Feedback.X/B/Two.cs", "Feedback.X.B", [], ["A.One"], "public sealed class Two { A.One? one; }"),
            new("functions/Feedback.X/C/Three.cs", "Feedback.X.C", ["Feedback.X.A"], [], "public sealed class Three;"),
        ];

        var cycle = Assert.Single(Cycles(Dependencies(files)));

        Assert.Contains("Feedback.X.A -> Feedback.X.B (One.cs)", cycle, StringComparison.Ordinal);
        Assert.Contains("Feedback.X.B -> Feedback.X.A (Two.cs)", cycle, StringComparison.Ordinal);
        Assert.DoesNotContain("Feedback.X.C", cycle, StringComparison.Ordinal);
    }

    [Fact]
    public void A_member_named_like_a_folder_is_no_use_of_it()
    {
        SourceFile[] files =
        [
            new("functions/Feedback.X/Tables/Table.cs", "Feedback.X.Tables", ["Feedback.X.Counting"], [], "public sealed class Table;"),
            new("functions/Feedback.X/Counting/Counts.cs", "Feedback.X.Counting", [], ["Tables.Total"], "public sealed record Counts(Totals Tables) { public long Total => Tables.Total; }"),
        ];

        Assert.Empty(Cycles(Dependencies(files)));
    }

    /// <summary>Namespace → the namespaces of the same project it uses, each with the files that use it.</summary>
    private static Dictionary<string, Dictionary<string, SortedSet<string>>> Dependencies(IReadOnlyList<SourceFile> files)
    {
        var namespaces = files.Where(file => file.Namespace is not null).Select(file => file.Namespace!).ToHashSet(StringComparer.Ordinal);
        var types = files.Where(file => file.Namespace is not null)
            .SelectMany(file => SourceTree.TopLevelTypes(file.Code).Select(type => $"{file.Namespace}.{type}"))
            .ToHashSet(StringComparer.Ordinal);
        var dependencies = new Dictionary<string, Dictionary<string, SortedSet<string>>>(StringComparer.Ordinal);
        foreach (var file in files.Where(file => file.Namespace is not null))
        {
            var from = file.Namespace!;
            var project = Project(from);
            var ancestors = Ancestors(from).ToArray();
            var used = file.Usings.Select(name => LongestNamespace(name, namespaces))
                .Concat(file.QualifiedNames.SelectMany(name => ancestors.Append(string.Empty).Select(scope => NamespaceOfType(scope.Length == 0 ? name : $"{scope}.{name}", namespaces, types))));
            // A project's root folder (its entry point, e.g. FeedbackClassifier) and the folders below it see each other by
            // nesting; the layers that matter are between sibling folders.
            foreach (var to in used.OfType<string>().Where(to => to != from && Project(to) == project && !ancestors.Contains(to) && !to.StartsWith(from + ".", StringComparison.Ordinal)))
            {
                if (!dependencies.TryGetValue(from, out var targets))
                    dependencies[from] = targets = new(StringComparer.Ordinal);
                if (!targets.TryGetValue(to, out var users))
                    targets[to] = users = new(StringComparer.Ordinal);
                users.Add(Path.GetFileName(file.Path));
            }
        }
        return dependencies;
    }

    /// <summary>Each set of namespaces that reach each other (Tarjan's strongly connected components), as its edges.</summary>
    private static List<string> Cycles(Dictionary<string, Dictionary<string, SortedSet<string>>> dependencies)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);
        var cycles = new List<string>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in dependencies.GetValueOrDefault(node)?.Keys ?? Enumerable.Empty<string>())
            {
                if (!index.TryGetValue(next, out var reached))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], reached);
                }
            }
            if (low[node] != index[node])
                return;
            var component = new SortedSet<string>(StringComparer.Ordinal);
            string member;
            do
            {
                member = stack.Pop();
                onStack.Remove(member);
                component.Add(member);
            }
            while (member != node);
            if (component.Count > 1)
            {
                cycles.Add(string.Join('\n', component.SelectMany(source => dependencies[source]
                    .Where(edge => component.Contains(edge.Key))
                    .Select(edge => $"  {source} -> {edge.Key} ({string.Join(", ", edge.Value)})"))));
            }
        }

        foreach (var node in dependencies.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
                Visit(node);
        }
        return cycles;
    }

    /// <summary>
    /// The namespace a dotted name reaches into when what follows it there is a type it declares (<c>Http.StorageOutage</c>);
    /// null for a member that merely shares a folder's name (a <c>Tables</c> property's <c>Tables.Total</c>).
    /// </summary>
    private static string? NamespaceOfType(string name, HashSet<string> namespaces, HashSet<string> types) =>
        LongestNamespace(name, namespaces) is { } found && name.Length > found.Length && types.Contains($"{found}.{name[(found.Length + 1)..].Split('.')[0]}")
            ? found
            : null;

    private static string? LongestNamespace(string name, HashSet<string> namespaces)
    {
        for (var candidate = name; candidate.Length > 0; candidate = candidate.Contains('.', StringComparison.Ordinal) ? candidate[..candidate.LastIndexOf('.')] : string.Empty)
        {
            if (namespaces.Contains(candidate))
                return candidate;
        }
        return null;
    }

    private static IEnumerable<string> Ancestors(string name)
    {
        for (var dot = name.LastIndexOf('.'); dot > 0; dot = name.LastIndexOf('.', dot - 1))
            yield return name[..dot];
    }

    /// <summary>Feedback.Core.Items → Feedback.Core: the project (a folder under functions/).</summary>
    private static string Project(string name) => string.Join('.', name.Split('.').Take(2));
}
