namespace Release.Workflows.Manifest;

/// <summary>
/// The depth of each planned component in the <c>dependsOn</c> graph, counting only dependencies
/// planned too: one that is not released this time is already there, so nothing waits for it.
/// Kahn's topological order keeps it linear and free of recursion.
/// </summary>
internal sealed class DependencyDepths
{
    private readonly Dictionary<string, (int Depth, IReadOnlyList<string> DependsOn)> byName;

    private DependencyDepths(Dictionary<string, (int, IReadOnlyList<string>)> byName) => this.byName = byName;

    public (int Depth, IReadOnlyList<string> DependsOn) this[string name] => byName[name];

    /// <exception cref="ArgumentException">The dependencies make a cycle (a hand-built manifest).</exception>
    public static DependencyDepths Of(IReadOnlyList<ManifestComponent> planned)
    {
        var indexByName = new Dictionary<string, int>(planned.Count, StringComparer.Ordinal);
        for (var i = 0; i < planned.Count; i++)
        {
            indexByName[planned[i].Name] = i;
        }

        var released = new IReadOnlyList<string>[planned.Count];
        var dependants = new List<int>?[planned.Count];
        var waitingFor = new int[planned.Count];
        for (var i = 0; i < planned.Count; i++)
        {
            released[i] = [.. (planned[i].DependsOn ?? []).Where(indexByName.ContainsKey)];
            waitingFor[i] = released[i].Count;
            foreach (var dependency in released[i])
            {
                (dependants[indexByName[dependency]] ??= []).Add(i);
            }
        }

        var depths = new int[planned.Count];
        var ready = new Queue<int>(Enumerable.Range(0, planned.Count).Where(i => waitingFor[i] == 0));
        var ordered = 0;
        while (ready.TryDequeue(out var node))
        {
            ordered++;
            foreach (var dependant in dependants[node] ?? [])
            {
                depths[dependant] = Math.Max(depths[dependant], depths[node] + 1);
                if (--waitingFor[dependant] == 0)
                {
                    ready.Enqueue(dependant);
                }
            }
        }

        if (ordered < planned.Count)
        {
            throw new ArgumentException("the components' dependsOn make a cycle", nameof(planned));
        }

        var byName = new Dictionary<string, (int, IReadOnlyList<string>)>(planned.Count, StringComparer.Ordinal);
        for (var i = 0; i < planned.Count; i++)
        {
            byName[planned[i].Name] = (depths[i], released[i]);
        }

        return new DependencyDepths(byName);
    }
}
