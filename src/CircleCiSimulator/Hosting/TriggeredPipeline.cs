using System.Text.Json;

namespace Release.CircleCiSimulator;

/// <summary>
/// A trigger as the simulator received it, for tests to check what was sent (CircleCI itself never
/// shows the parameters back, and neither does the simulator's API).
/// </summary>
public sealed record TriggeredPipeline(
    string Id,
    string ProjectSlug,
    long Number,
    string? Branch,
    string? Tag,
    IReadOnlyDictionary<string, JsonElement> Parameters,
    DateTimeOffset TriggeredAt);
