using Release.Events.Triggers;

namespace Release.Events.Tests.Triggers;

/// <summary>Triggers files parsed from text, in a folder of their own that holds the manifest they name.</summary>
internal static class TriggerFiles
{
    public static readonly string Folder = CreateFolder();

    public static TriggersFile Parse(string yaml) => TriggerFileParser.Parse(yaml, "triggers.yaml", Folder);

    /// <summary>The one-line message the file is refused with.</summary>
    public static string Refusal(string yaml) => Assert.Throws<TriggerFileException>(() => Parse(yaml)).Message;

    private static string CreateFolder()
    {
        var folder = Path.Combine(Path.GetTempPath(), "trigger-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, "releases"));
        File.WriteAllText(Path.Combine(folder, "releases", "shop-tests.json"), "{}");
        return folder;
    }
}
