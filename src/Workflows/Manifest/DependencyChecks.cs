namespace Release.Workflows.Manifest;

/// <summary>
/// Checks the <c>dependsOn</c> graph: every name must be a component, and no chain of
/// dependencies may come back to where it started. A dependency that is not released this time,
/// or that is in no stage, is fine: it is already released. Linear in components plus edges.
/// </summary>
internal static class DependencyChecks
{
    private const int Unvisited = 0;
    private const int OnPath = 1;
    private const int Done = 2;
    private const int MaxNamesShown = 20;

    public static void Run(IReadOnlyList<ReadComponent> components, ManifestErrors errors)
    {
        var indexByName = new Dictionary<string, int>(components.Count, StringComparer.Ordinal);
        for (var i = 0; i < components.Count; i++)
        {
            indexByName[components[i].Component.Name] = i;
        }

        // Edges to known components only, so that the cycle search never sees an unknown name.
        var edges = new List<(int To, string Path)>[components.Count];
        for (var i = 0; i < components.Count; i++)
        {
            edges[i] = [];
            foreach (var dependency in components[i].DependsOn)
            {
                if (indexByName.TryGetValue(dependency.Name, out var to))
                {
                    edges[i].Add((to, dependency.Path));
                }
                else
                {
                    errors.Add(dependency.Path, $"{components[i].Path} (\"{components[i].Component.Name}\") depends on \"{dependency.Name}\", which is not a component; fix the name, or add it to components");
                }
            }
        }

        FindCycles(components, edges, errors);
    }

    /// <summary>
    /// A depth-first search without recursion (a chain of 100,000 would overflow the stack). Each
    /// edge back to a component still on the path closes one cycle; distinct back edges close
    /// distinct cycles, so each is reported once.
    /// </summary>
    private static void FindCycles(IReadOnlyList<ReadComponent> components, List<(int To, string Path)>[] edges, ManifestErrors errors)
    {
        var state = new int[components.Count];
        var path = new List<int>();
        var nextEdge = new List<int>();
        var positionOnPath = new int[components.Count];
        for (var start = 0; start < components.Count; start++)
        {
            if (state[start] != Unvisited)
            {
                continue;
            }

            Enter(start);
            while (path.Count > 0)
            {
                var top = path.Count - 1;
                var node = path[top];
                if (nextEdge[top] == edges[node].Count)
                {
                    state[node] = Done;
                    path.RemoveAt(top);
                    nextEdge.RemoveAt(top);
                    continue;
                }

                var (to, edgePath) = edges[node][nextEdge[top]++];
                if (state[to] == Unvisited)
                {
                    Enter(to);
                }
                else if (state[to] == OnPath)
                {
                    var names = path.Skip(positionOnPath[to]).Append(to).Select(i => components[i].Component.Name).ToList();
                    errors.Add(edgePath, $"dependsOn makes a cycle: {Describe(names)}; remove one of these dependencies");
                }
            }
        }

        void Enter(int node)
        {
            state[node] = OnPath;
            positionOnPath[node] = path.Count;
            path.Add(node);
            nextEdge.Add(0);
        }
    }

    /// <summary>The cycle in order; a very long one keeps its ends, so the message stays one readable line.</summary>
    private static string Describe(IReadOnlyList<string> cycle) =>
        cycle.Count <= MaxNamesShown
            ? string.Join(" -> ", cycle)
            : $"{string.Join(" -> ", cycle.Take(MaxNamesShown / 2))} -> ... ({cycle.Count - MaxNamesShown} more) -> {string.Join(" -> ", cycle.TakeLast(MaxNamesShown / 2))}";
}
