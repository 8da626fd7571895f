using Release.Workflows.Manifest;

namespace Release.ReleaseBench;

/// <summary>The heaviest chain of a plan's <c>dependsOn</c> graph, and its components in release order.</summary>
internal sealed record LongestPath(double Seconds, IReadOnlyList<string> Components)
{
    /// <summary>
    /// The sum of pipeline durations along the critical path: no schedule that waits for every
    /// dependency can be faster. Kahn's order (no recursion), linear in components plus edges.
    /// </summary>
    /// <param name="seconds">Each component's pipeline duration, as the simulator plays it.</param>
    /// <exception cref="ArgumentException">The dependencies make a cycle, or a duration is missing.</exception>
    public static LongestPath Of(ExecutionPlan plan, IReadOnlyDictionary<string, double> seconds)
    {
        var components = plan.Stages.SelectMany(s => s.Components).ToList();
        var dependants = components.ToDictionary(c => c.Name, _ => new List<string>(), StringComparer.Ordinal);
        var waitingFor = components.ToDictionary(c => c.Name, c => c.Dependencies.Count, StringComparer.Ordinal);
        foreach (var component in components)
        {
            component.Dependencies.ToList().ForEach(d => dependants[d].Add(component.Name));
        }

        // finish: the earliest a component can end when it starts the instant its last dependency ends.
        var finish = new Dictionary<string, double>(StringComparer.Ordinal);
        var gatedBy = new Dictionary<string, string?>(StringComparer.Ordinal);
        var ready = new Queue<string>(components.Where(c => c.Dependencies.Count == 0).Select(c => c.Name));
        components.Where(c => c.Dependencies.Count == 0).ToList().ForEach(c => gatedBy[c.Name] = null);
        while (ready.TryDequeue(out var name))
        {
            var start = gatedBy[name] is { } gate ? finish[gate] : 0;
            finish[name] = start + (seconds.TryGetValue(name, out var s) ? s : throw new ArgumentException($"no duration for {name}", nameof(seconds)));
            foreach (var dependant in dependants[name])
            {
                if (!gatedBy.TryGetValue(dependant, out var current) || current is null || finish[current] < finish[name])
                {
                    gatedBy[dependant] = name;
                }

                if (--waitingFor[dependant] == 0)
                {
                    ready.Enqueue(dependant);
                }
            }
        }

        if (finish.Count < components.Count)
        {
            throw new ArgumentException("the plan's dependsOn make a cycle", nameof(plan));
        }

        var last = finish.MaxBy(f => f.Value).Key;
        var path = new List<string>();
        for (string? at = last; at is not null; at = gatedBy[at])
        {
            path.Add(at);
        }

        path.Reverse();
        return new LongestPath(finish[last], path);
    }
}
