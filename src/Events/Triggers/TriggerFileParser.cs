using System.Text.RegularExpressions;
using Release.Shared;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Release.Events.Triggers;

/// <summary>
/// Reads a triggers file (src/Events/README.md, "Triggers") and refuses it at the first mistake,
/// with a <see cref="TriggerFileException"/> naming the line: a consumer that started with a bad
/// filter would silently start nothing, or the wrong release.
/// </summary>
public static partial class TriggerFileParser
{
    private static readonly string[] TopKeys = ["triggers"];
    private static readonly string[] TriggerKeys = ["name", "on", "start", "record"];
    private static readonly string[] OnKeys = ["type", "where"];
    private static readonly string[] StartKeys = ["manifest", "branch", "params", "dry_run"];

    public static TriggersFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message.ReplaceLineEndings(" ");
            throw new TriggerFileException($"cannot read triggers file {path}: {reason}; give the path of a triggers.yaml");
        }

        return Parse(text, path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <param name="folder">Where relative manifest paths are resolved, and must exist.</param>
    public static TriggersFile Parse(string text, string path, string folder)
    {
        var file = new Reader(path);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw file.Error(e.Start.Line, $"not valid YAML ({e.InnerException?.Message ?? e.Message}); fix the indentation or quoting there");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            throw file.Error(1, "the triggers file is empty; list triggers under `triggers:` (see src/Events/README.md, \"Triggers\")");
        }

        var root = file.Mapping(stream.Documents[0].RootNode, "the file", TopKeys);
        if (!root.TryGetValue("triggers", out var list))
        {
            throw file.Error(stream.Documents[0].RootNode.Start.Line, "no `triggers:` list; put the triggers under a top-level `triggers:` key");
        }

        if (list is not YamlSequenceNode { Children.Count: > 0 } sequence)
        {
            throw file.Error(list.Start.Line, "`triggers:` is not a list of triggers; write each as `- name: ...` under it");
        }

        var triggers = new List<Trigger>();
        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entry in sequence.Children)
        {
            var trigger = ReadTrigger(file, entry, folder);
            if (names.TryGetValue(trigger.Name, out var first))
            {
                throw file.Error(trigger.Line, $"a second trigger named {trigger.Name} (the first is at line {first}); give each trigger its own name, it is part of the workflow ids");
            }

            names[trigger.Name] = trigger.Line;
            triggers.Add(trigger);
        }

        return new TriggersFile(path, triggers);
    }

    private static Trigger ReadTrigger(Reader file, YamlNode node, string folder)
    {
        var keys = file.Mapping(node, "a trigger", TriggerKeys);
        var name = file.Required(keys, node, "name", "a trigger", "give it a name such as test-shop-on-api");
        if (!TriggerName().IsMatch(name.Value!))
        {
            throw file.Error(name.Start.Line, $"trigger name \"{name.Value}\" is not letters, digits, '.', '_' and '-' (at most 64); it becomes part of workflow ids");
        }

        var what = $"trigger {name.Value}";
        if (!keys.TryGetValue("on", out var onNode))
        {
            throw file.Error(node.Start.Line, $"{what} has no `on:`; say which event starts it, e.g. `on: {{ type: io.openci.ArtifactCreated }}`");
        }

        var on = file.Mapping(onNode, "`on:`", OnKeys);
        var type = file.Required(on, onNode, "type", $"the `on:` of {what}", "give the exact CloudEvent type, e.g. io.openci.ArtifactCreated");
        if (type.Value!.Contains('*', StringComparison.Ordinal) || type.Value.Contains('#', StringComparison.Ordinal) || type.Value.Contains(' ', StringComparison.Ordinal))
        {
            throw file.Error(type.Start.Line, $"type \"{type.Value}\" is not an exact CloudEvent type; name one type (no wildcards), one trigger per type");
        }

        var filters = on.TryGetValue("where", out var where) ? ReadFilters(file, where) : [];
        keys.TryGetValue("start", out var startNode);
        keys.TryGetValue("record", out var recordNode);
        if (startNode is null == recordNode is null)
        {
            throw file.Error(node.Start.Line, startNode is null
                ? $"{what} has no `start:`; say which release it starts, e.g. `start: {{ manifest: release.json }}` (or `record: FILE` to keep the events it matches)"
                : $"{what} has both `start:` and `record:`; give it one, and write a second trigger for the other");
        }

        return recordNode is null
            ? new Trigger(name.Value!, (int)node.Start.Line, type.Value, filters, ReadStart(file, startNode!, what, folder))
            : new Trigger(name.Value!, (int)node.Start.Line, type.Value, filters, Start: null, ReadRecord(file, recordNode, folder));
    }

    private static List<TriggerFilter> ReadFilters(Reader file, YamlNode where)
    {
        var filters = new List<TriggerFilter>();
        foreach (var (key, value) in file.Mapping(where, "`where:`", known: null))
        {
            if (value is not YamlScalarNode scalar || Reader.IsNull(scalar))
            {
                throw file.Error(value.Start.Line, $"filter {key} is {Reader.Describe(value)}, not a value; give one string, number or boolean (a glob with * and ? for strings)");
            }

            filters.Add(TriggerFilter.TryCreate(key, scalar.Value!)
                ?? throw file.Error(value.Start.Line, $"filter path \"{key}\" is not dot-separated field names; write e.g. artifactName or confidenceLevel.RELEASE"));
        }

        return filters;
    }

    /// <summary>The ledger a <c>record:</c> trigger appends to; its folder must exist, the file is created on the first event.</summary>
    private static string ReadRecord(Reader file, YamlNode node, string folder)
    {
        var path = file.Scalar(node, "record");
        var resolved = Path.GetFullPath(Path.Combine(folder, path.Value!));
        if (!Directory.Exists(Path.GetDirectoryName(resolved)))
        {
            throw file.Error(path.Start.Line, $"record file {path.Value}: its folder does not exist (looked for {Path.GetDirectoryName(resolved)}); give a file in an existing folder, relative to the triggers file");
        }

        return resolved;
    }

    private static TriggerStart ReadStart(Reader file, YamlNode node, string what, string folder)
    {
        var start = file.Mapping(node, "`start:`", StartKeys);
        var manifest = file.Required(start, node, "manifest", $"the `start:` of {what}", "give the release manifest to start, relative to the triggers file");
        var resolved = Path.GetFullPath(Path.Combine(folder, manifest.Value!));
        if (!File.Exists(resolved))
        {
            throw file.Error(manifest.Start.Line, $"manifest {manifest.Value} does not exist (looked for {resolved}); give a path relative to the triggers file");
        }

        TriggerTemplate? branch = null;
        if (start.TryGetValue("branch", out var branchNode))
        {
            branch = file.Template(file.Scalar(branchNode, "branch"));
        }

        var parameters = new Dictionary<string, TriggerTemplate>(StringComparer.Ordinal);
        if (start.TryGetValue("params", out var paramsNode))
        {
            foreach (var (key, value) in file.Mapping(paramsNode, "`params:`", known: null))
            {
                if (!ParameterName().IsMatch(key))
                {
                    throw file.Error(value.Start.Line, $"parameter name \"{key}\" is not a CircleCI parameter name; use letters, digits, '_' and '-'");
                }

                parameters[key] = file.Template(file.Scalar(value, $"parameter {key}"));
            }
        }

        var dryRun = false;
        if (start.TryGetValue("dry_run", out var dryNode))
        {
            dryRun = file.Scalar(dryNode, "dry_run") switch
            {
                { Value: "true" } => true,
                { Value: "false" } => false,
                var other => throw file.Error(other.Start.Line, $"dry_run is \"{other.Value}\"; write true or false"),
            };
        }

        return new TriggerStart(resolved, branch, parameters, dryRun);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex TriggerName();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex ParameterName();

    /// <summary>The node-level checks, each failing with the file's name and the node's line.</summary>
    private sealed class Reader(string path)
    {
        public TriggerFileException Error(long line, string problem) => new(path, (int)line, problem);

        /// <param name="known">The keys allowed; null for any (filters, parameters).</param>
        public Dictionary<string, YamlNode> Mapping(YamlNode node, string what, string[]? known)
        {
            if (node is not YamlMappingNode mapping)
            {
                throw Error(node.Start.Line, $"{what} is {Describe(node)}; write it as `key: value` lines");
            }

            var keys = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in mapping.Children)
            {
                if (keyNode is not YamlScalarNode { Value: { Length: > 0 } key })
                {
                    throw Error(keyNode.Start.Line, $"a key of {what} is {Describe(keyNode)}; keys are plain names");
                }

                if (known is not null && !known.Contains(key, StringComparer.Ordinal))
                {
                    var nearest = NearestName.Find(key, known);
                    throw Error(keyNode.Start.Line, nearest is null
                        ? $"unknown key {key} in {what}; the keys are {string.Join(", ", known)}"
                        : $"unknown key {key} in {what}; did you mean {nearest}?");
                }

                if (!keys.TryAdd(key, value))
                {
                    throw Error(keyNode.Start.Line, $"key {key} appears twice in {what}; keep one");
                }
            }

            return keys;
        }

        public YamlScalarNode Required(Dictionary<string, YamlNode> keys, YamlNode owner, string key, string what, string fix)
        {
            if (!keys.TryGetValue(key, out var node))
            {
                throw Error(owner.Start.Line, $"{what} has no {key}; {fix}");
            }

            var scalar = Scalar(node, key);
            return IsNull(scalar) ? throw Error(node.Start.Line, $"{key} is empty; {fix}") : scalar;
        }

        public YamlScalarNode Scalar(YamlNode node, string what) =>
            node is YamlScalarNode scalar && !IsNull(scalar)
                ? scalar
                : throw Error(node.Start.Line, $"{what} is {Describe(node)}, not a value; give one string");

        public TriggerTemplate Template(YamlScalarNode scalar)
        {
            var (template, problem) = TriggerTemplate.Parse(scalar.Value!);
            return template ?? throw Error(scalar.Start.Line, problem!);
        }

        // `key:` with nothing after it, or ~ / null, is YAML's null; a quoted "" is an empty string.
        public static bool IsNull(YamlScalarNode scalar) =>
            scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

        public static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode => "a mapping",
            YamlSequenceNode => "a list",
            YamlScalarNode s when IsNull(s) => "empty",
            _ => "a value",
        };
    }
}
