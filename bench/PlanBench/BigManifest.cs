using System.Text;

namespace Release.PlanBench;

/// <summary>
/// A bill-of-materials manifest of any size, shaped like a real one: every component listed, half
/// of them snapshots, stages of a thousand, and a few retired names per stage (warnings). With
/// <c>dependsOn</c>, each component depends on the two before it: one released, one a snapshot, so
/// the snapshots make one chain as deep as half the components, the worst case for a recursive walk.
/// </summary>
internal static class BigManifest
{
    public const int StageSize = 1000;

    public const int RetiredPerStage = 10;

    public static byte[] Build(int components, bool dependsOn = false)
    {
        var json = new StringBuilder("{\n  \"name\": \"Bench\", \"version\": \"1.0.0\", \"scmHttpUrl\": \"https://github.com/acme\",\n  \"components\": [\n");
        for (var i = 0; i < components; i++)
        {
            var version = i % 2 == 0 ? "2.0.0-SNAPSHOT" : "2.0.0";
            var dependencies = dependsOn && i > 0
                ? $", \"dependsOn\": [{string.Join(", ", Enumerable.Range(Math.Max(0, i - 2), Math.Min(i, 2)).Select(d => $"\"component-{d}\""))}]"
                : "";
            json.Append($"    {{ \"name\": \"component-{i}\", \"version\": \"{version}\"{dependencies} }}{(i + 1 < components ? "," : "")}\n");
        }

        json.Append("  ],\n  \"buildDependencies\": [\n");
        var stages = (components + StageSize - 1) / StageSize;
        for (var stage = 0; stage < stages; stage++)
        {
            var first = stage * StageSize;
            var names = Enumerable.Range(first, Math.Min(StageSize, components - first)).Select(i => $"\"component-{i}\"")
                .Concat(Enumerable.Range(0, RetiredPerStage).Select(r => $"\"retired-{stage}-{r}\""));
            json.Append($"    [{string.Join(", ", names)}]{(stage + 1 < stages ? "," : "")}\n");
        }

        return Encoding.UTF8.GetBytes(json.Append("  ]\n}\n").ToString());
    }
}
