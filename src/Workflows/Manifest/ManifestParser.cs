using System.Text;
using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>
/// Turns the text of a <c>release.json</c> into a <see cref="ReleaseManifest"/>, or into the list of
/// everything wrong with it. Pure: the caller reads the file, so workflow code may call this too.
/// </summary>
public static class ManifestParser
{
    private const string ScmHttpUrlHint =
        "add the organisation URL the CircleCI project slugs derive from, e.g. \"scmHttpUrl\": \"https://github.com/gravitee-io\"";

    public static ManifestParseResult Parse(string json)
    {
        // File.ReadAllText drops a byte order mark, but text from elsewhere may keep it.
        var utf8 = Encoding.UTF8.GetBytes(json.TrimStart('\uFEFF'));
        JsonDocument document;
        try
        {
            // Strict JSON (no comments, no trailing commas): other release tools read this file too.
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException e)
        {
            return ManifestParseResult.Invalid([SyntaxError(e, utf8)]);
        }

        using (document)
        {
            var errors = new ManifestErrors();
            var manifest = Read(document.RootElement, errors);
            return manifest is not null && !errors.Any
                ? ManifestParseResult.Valid(manifest)
                : ManifestParseResult.Invalid(errors.Locate(utf8));
        }
    }

    private static ReleaseManifest? Read(JsonElement root, ManifestErrors errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("", $"the manifest must be a JSON object with name, version, scmHttpUrl, components and buildDependencies; found {JsonFields.Describe(root.ValueKind)}");
            return null;
        }

        var name = JsonFields.RequiredString(root, "name", "the release name (\"name\")", "add it at the top level, e.g. \"name\": \"Gravitee.io\"", errors);
        var version = JsonFields.RequiredString(root, "version", "the release version (\"version\")", "add it at the top level, e.g. \"version\": \"3.1.0\"", errors);
        var scmHttpUrl = JsonFields.RequiredString(root, "scmHttpUrl", "\"scmHttpUrl\"", ScmHttpUrlHint, errors);
        if (scmHttpUrl is not null && ScmOrganisation.FromHttpUrl(scmHttpUrl) is null)
        {
            errors.Add("scmHttpUrl", $"\"scmHttpUrl\" \"{scmHttpUrl}\" does not name an organisation; use \"https://github.com/<org>\" or \"https://bitbucket.org/<org>\"");
        }

        var components = ComponentsReader.Read(root, version ?? "", errors);
        var stages = StagesReader.Read(root, errors);
        StageChecks.Run(components, stages, errors);
        if (errors.Any)
        {
            return null;
        }

        return new ReleaseManifest(
            name!,
            version!,
            scmHttpUrl!,
            components!.Select(c => c.Component).ToList(),
            stages!.Select(IReadOnlyList<string> (stage) => stage.Select(e => e.Name).ToList()).ToList(),
            JsonFields.InformationalString(root, "scmSshUrl"),
            JsonFields.InformationalString(root, "buildTimestamp"));
    }

    private static ManifestError SyntaxError(JsonException e, byte[] utf8)
    {
        var (line, column) = JsonLocations.LinesOnly(utf8)
            .FromReaderPosition(e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
        return new ManifestError(
            $"the manifest is not valid JSON: {Reason(e)}; fix the syntax there",
            Line: line,
            Column: column);
    }

    // The reader's message ends with 0-based positions ("LineNumber: 2 | BytePositionInLine: 4."),
    // which would contradict the 1-based ones given to people.
    private static string Reason(JsonException e)
    {
        var message = e.Message.ReplaceLineEndings(" ");
        var cut = new[] { message.IndexOf(" Path:", StringComparison.Ordinal), message.IndexOf(" LineNumber:", StringComparison.Ordinal) }
            .Where(i => i >= 0)
            .DefaultIfEmpty(message.Length)
            .Min();
        return message[..cut].Trim().TrimEnd('.');
    }
}
