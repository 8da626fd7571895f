using System.Text.Json;
using System.Text.Json.Serialization;

namespace Release.CircleCiSimulator;

/// <summary>Reads scenario JSON and rejects anything the simulator could not play.</summary>
public static class ScenarioLoader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // A misspelt field would otherwise be silently ignored and the scenario would play something else.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static SimulatorScenario LoadFile(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ScenarioException($"cannot read scenario file '{path}': {Reason(e, path)}", e);
        }

        try
        {
            return Parse(json);
        }
        catch (ScenarioException e)
        {
            throw new ScenarioException($"invalid scenario file '{path}': {e.Message}", e);
        }
    }

    public static SimulatorScenario Parse(string json)
    {
        SimulatorScenario? scenario;
        try
        {
            scenario = JsonSerializer.Deserialize<SimulatorScenario>(json, Options);
        }
        catch (JsonException e)
        {
            throw new ScenarioException(ScenarioJsonError.Describe(e), e);
        }

        if (scenario is null)
        {
            throw new ScenarioException("the scenario is empty (null)");
        }

        ScenarioValidator.Validate(scenario);
        return scenario;
    }

    private static string Reason(Exception e, string path) => e switch
    {
        FileNotFoundException or DirectoryNotFoundException => "no such file",
        UnauthorizedAccessException when Directory.Exists(path) => "it is a directory, not a file",
        UnauthorizedAccessException => "permission denied",
        _ when Directory.Exists(path) => "it is a directory, not a file",
        _ => e.Message.ReplaceLineEndings(" "),
    };
}
