using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>
/// The <c>"circleci"</c> object of a component. Each field left null falls back to the default:
/// the slug derived from <c>scmHttpUrl</c>, and the branch and parameters of the start command.
/// </summary>
/// <param name="Parameters">
/// Pipeline parameters merged over the start command's, key by key. Values stay JSON because
/// CircleCI parameters are typed (string, integer, boolean): sending <c>"true"</c> for a boolean
/// parameter makes the trigger fail.
/// </param>
public sealed record CircleCiOverrides(
    string? ProjectSlug = null,
    string? Branch = null,
    IReadOnlyDictionary<string, JsonElement>? Parameters = null);
