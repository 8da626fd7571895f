namespace Release.Workflows.Tests.Manifest;

/// <summary>
/// Builds a manifest around the part a test is about, keeping every other part valid and every
/// line predictable: components are on line 5, stages on line 6.
/// </summary>
internal static class Documents
{
    public const int ComponentsLine = 5;
    public const int StagesLine = 6;

    public static string With(
        string components = """[{"name": "a"}, {"name": "b"}]""",
        string stages = """[["a"], ["b"]]""",
        string scmHttpUrl = "\"https://github.com/gravitee-io\"") => $$"""
        {
          "name": "Gravitee.io",
          "version": "3.1.0-SNAPSHOT",
          "scmHttpUrl": {{scmHttpUrl}},
          "components": {{components}},
          "buildDependencies": {{stages}}
        }
        """;

    /// <summary>The 1-based column where <paramref name="text"/> starts on a line of <paramref name="json"/>.</summary>
    public static int ColumnOf(string json, int line, string text) =>
        json.Split('\n')[line - 1].IndexOf(text, StringComparison.Ordinal) + 1;
}
