using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Release.Analytics.Onboarding;

/// <summary>
/// Reads a fixture file (seed 001's format) into the CircleCI projects to collect:
/// <code>
/// native:
///   slug: StackStorm
/// data_sources:
/// - slug: circleci
///   projects:
///   - name: StackStorm
///     endpoints:
///     - name: github/StackStorm/stackstorm-ha
/// </code>
/// Data sources other than circleci belong to other collectors and are passed over unread.
/// </summary>
public static partial class FixtureReader
{
    private const string DataSource = "circleci";

    /// <exception cref="FixtureException">The file cannot be read or is not a valid fixture.</exception>
    public static OnboardedProjects ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FixtureException(path, 0, $"cannot be read ({e.Message}); give the path of a fixture YAML file");
        }

        return Read(text, path);
    }

    /// <param name="file">The name to give in messages.</param>
    /// <exception cref="FixtureException">The text is not a valid fixture.</exception>
    public static OnboardedProjects Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(file);
        var nodes = new FixtureNodes(file);
        var root = Load(text, file);
        if (root is null)
        {
            throw nodes.Error(1, "the file is empty; a fixture starts with native: (its slug) and data_sources: (a circleci entry)");
        }

        var top = nodes.Mapping(root, "the fixture");
        nodes.OnlyKnownKeys(top, "the fixture", "native", "data_sources");
        var native = nodes.Mapping(nodes.Required(top, "native", "the fixture"), "native");
        nodes.OnlyKnownKeys(native, "native", "slug");
        var nativeSlug = nodes.Scalar(nodes.Required(native, "slug", "native"), "slug");

        var sourcesNode = nodes.Required(top, "data_sources", "the fixture");
        var circleCi = nodes.Sequence(sourcesNode, "data_sources")
            .Select(source => nodes.Mapping(source, "a data source"))
            .Where(source => nodes.Scalar(nodes.Required(source, "slug", "a data source"), "slug") == DataSource)
            .ToList();
        if (circleCi.Count == 0)
        {
            throw nodes.Error(sourcesNode, $"no data source has slug: {DataSource}; add an entry \"- slug: {DataSource}\" with its projects");
        }

        var projects = new List<OnboardedProject>();
        var seen = new Dictionary<string, long>(StringComparer.Ordinal);
        var names = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var source in circleCi)
        {
            nodes.OnlyKnownKeys(source, "the circleci data source", "slug", "projects", "config");
            RefuseToken(nodes, source);
            var list = nodes.Sequence(nodes.Required(source, "projects", "the circleci data source"), "projects");
            foreach (var projectNode in list)
            {
                var project = nodes.Mapping(projectNode, "a project");
                nodes.OnlyKnownKeys(project, "a project", "name", "endpoints");
                var nameNode = nodes.Required(project, "name", "a project");
                var name = nodes.Scalar(nameNode, "name");
                if (names.TryGetValue(name, out var nameLine))
                {
                    throw nodes.Error(nameNode, $"project \"{name}\" is already listed at line {nameLine}; put all its endpoints under that entry");
                }

                names[name] = nameNode.Start.Line;
                var endpoints = nodes.Sequence(nodes.Required(project, "endpoints", $"project \"{name}\""), "endpoints");
                foreach (var endpointNode in endpoints)
                {
                    var endpoint = nodes.Mapping(endpointNode, "an endpoint");
                    nodes.OnlyKnownKeys(endpoint, "an endpoint", "name");
                    var slugNode = nodes.Required(endpoint, "name", "an endpoint");
                    var slug = ProjectSlugs.TryCanonical(nodes.Scalar(slugNode, "name"), out var problem)
                        ?? throw nodes.Error(slugNode, problem);
                    if (seen.TryGetValue(slug, out var slugLine))
                    {
                        throw nodes.Error(slugNode, $"project {slug} is already listed at line {slugLine}; list each CircleCI project once");
                    }

                    seen[slug] = slugNode.Start.Line;
                    projects.Add(new OnboardedProject(name, slug));
                }

                if (endpoints.Children.Count == 0)
                {
                    throw nodes.Error(endpoints, $"project \"{name}\" has no endpoints; add \"- name: github/org/repo\" under endpoints");
                }
            }

            if (list.Children.Count == 0)
            {
                throw nodes.Error(list, "the circleci data source lists no projects; add one with its endpoints");
            }
        }

        return new OnboardedProjects(nativeSlug, projects);
    }

    /// <summary>
    /// A token in a fixture file ends up in version control and in every copy of the file; it is
    /// refused, and its value is never repeated in the message.
    /// </summary>
    private static void RefuseToken(FixtureNodes nodes, YamlMappingNode source)
    {
        if (FixtureNodes.Find(source, "config") is not { } configNode)
        {
            return;
        }

        foreach (var entryNode in nodes.Sequence(configNode, "config"))
        {
            var entry = nodes.Mapping(entryNode, "a config entry");
            nodes.OnlyKnownKeys(entry, "a config entry", "name", "value");
            var name = nodes.Scalar(nodes.Required(entry, "name", "a config entry"), "name");
            if (!string.Equals(name, "Circle-Token", StringComparison.OrdinalIgnoreCase))
            {
                throw nodes.Error(entry, $"unknown config entry \"{name}\"; the circleci data source has no settings in the fixture");
            }

            if (FixtureNodes.Find(entry, "value") is YamlScalarNode { Value: { Length: > 0 } value } && !string.IsNullOrWhiteSpace(value))
            {
                throw nodes.Error(entry, "a CircleCI token does not belong in a fixture file; remove the Circle-Token value and set CIRCLECI_TOKEN, or CIRCLECI_TOKEN_FILE to the path of a file holding it");
            }
        }
    }

    private static YamlNode? Load(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            // YamlDotNet prefixes its reason with both marks; the line is given once, in front.
            var reason = MarksPrefix().Replace(e.Message, "");
            var fix = reason.StartsWith("Duplicate key", StringComparison.Ordinal)
                ? "write each key once in a mapping"
                : "fix the indentation or quoting there";
            throw new FixtureException(file, e.Start.Line, $"not valid YAML ({reason}); {fix}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails so, without a position, when the text ends inside a
            // flow collection or a quoted string: the end of the file is where it was noticed.
            var lastLine = text.TrimEnd('\n', '\r').Split('\n').Length;
            throw new FixtureException(file, lastLine, "not valid YAML (the file ends inside a [ ], { } or quoted value); close the bracket or quote that was opened");
        }

        return stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarksPrefix();
}
