using System.Text;
using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>
/// Turns the bytes of a <c>release.json</c> into a <see cref="ReleaseManifest"/>, or into the list
/// of everything wrong with it, with warnings either way. Pure: the caller reads the file, so
/// workflow code may call this too. Linear in the size of the manifest.
/// </summary>
public static class ManifestParser
{
    /// <summary>A release.json nests four levels; far deeper is not a manifest.</summary>
    public const int MaxDepth = 64;

    private const string ScmHttpUrlHint =
        "add the organisation URL the CircleCI project slugs derive from, e.g. \"scmHttpUrl\": \"https://github.com/gravitee-io\"";

    private static readonly byte[] ByteOrderMark = [0xEF, 0xBB, 0xBF];

    public static ManifestParseResult Parse(string json, ManifestParseOptions? options = null) =>
        Parse(Encoding.UTF8.GetBytes(json), options);

    /// <summary>Parses the file's bytes as they are, so that bytes which are not UTF-8 can be named.</summary>
    public static ManifestParseResult Parse(byte[] file, ManifestParseOptions? options = null)
    {
        options ??= new ManifestParseOptions();
        var bom = file.AsSpan().StartsWith(ByteOrderMark) ? ByteOrderMark.Length : 0;
        var utf8 = bom == 0 ? file : file[bom..];
        var errors = new ManifestErrors();
        if (JsonSyntax.FirstInvalidUtf8(utf8) is { } invalid)
        {
            errors.AddAt(invalid, JsonSyntax.InvalidUtf8Message(utf8, invalid, invalid + bom));
            return Invalid(errors, utf8, null);
        }

        JsonDocument document;
        try
        {
            // Trailing commas are accepted, with a warning: strict JSON readers (other release
            // tools read this file too) refuse them. Comments are not: no JSON reader takes them.
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            var offset = TextPositions.OffsetOf(utf8, e.LineNumber ?? 0, e.BytePositionInLine ?? 0);
            errors.AddAt(offset, JsonSyntax.Message(e, utf8, offset));
            return Invalid(errors, utf8, null);
        }

        using (document)
        {
            var locations = JsonLocations.Index(utf8);
            foreach (var repeat in locations.RepeatedKeys)
            {
                var where = repeat.ObjectPath.Length == 0 ? "at the top level" : $"in {repeat.ObjectPath}";
                errors.AddAt(repeat.Offset, $"\"{repeat.Name}\" appears twice {where}; keep only one, since JSON readers disagree on which one wins");
            }

            foreach (var comma in TrailingCommas.Find(utf8))
            {
                errors.WarnAt(
                    comma,
                    "a trailing comma after the last item; it is accepted here, but strict JSON readers refuse it: remove it",
                    "a trailing comma after the last item (refused when reading strictly, as strict JSON readers do); remove it");
            }

            var manifest = Read(document.RootElement, errors);
            if (options.Strict)
            {
                errors.MakeWarningsErrors();
            }

            var (found, warnings) = errors.Locate(utf8, locations);
            return manifest is not null && !errors.Any
                ? ManifestParseResult.Valid(manifest, warnings)
                : ManifestParseResult.Invalid(found, warnings);
        }
    }

    private static ManifestParseResult Invalid(ManifestErrors errors, byte[] utf8, JsonLocations? locations)
    {
        var (found, warnings) = errors.Locate(utf8, locations);
        return ManifestParseResult.Invalid(found, warnings);
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
        if (version is not null && SnapshotVersions.LooksLikeSnapshot(version) && components?.Any(c => c.InheritsVersion) == true)
        {
            errors.Warn("version", SnapshotVersions.LookAlikeWarning("the release version", version, "the components without a version of their own will not be released"));
        }

        if (components is not null)
        {
            DependencyChecks.Run(components, errors);
        }

        var stages = StagesReader.Read(root, errors);
        var unknown = StageChecks.Run(components, stages, errors);
        if (errors.Any)
        {
            return null;
        }

        return new ReleaseManifest(
            name!,
            version!,
            scmHttpUrl!,
            components!.Select(c => c.Component).ToList(),
            stages!.Select(IReadOnlyList<string> (stage) => stage.Where(e => !unknown.Contains(e.Name)).Select(e => e.Name).ToList()).ToList(),
            JsonFields.InformationalString(root, "scmSshUrl"),
            JsonFields.InformationalString(root, "buildTimestamp"));
    }
}
