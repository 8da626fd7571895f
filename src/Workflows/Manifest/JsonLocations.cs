using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>
/// Where every value of a JSON document starts, by path, and the keys an object repeats.
/// <see cref="JsonDocument"/> forgets positions and silently keeps one of two equal keys, so one
/// extra pass with a reader recovers both. It is linear in the size of the document.
/// </summary>
internal sealed class JsonLocations
{
    private readonly Dictionary<string, int> offsetByPath = new(StringComparer.Ordinal);
    private readonly List<RepeatedKey> repeatedKeys = [];

    private JsonLocations()
    {
    }

    /// <summary>A key found again in the same object: <paramref name="Offset"/> is the repeat's.</summary>
    public sealed record RepeatedKey(string ObjectPath, string Name, int Offset);

    public IReadOnlyList<RepeatedKey> RepeatedKeys => repeatedKeys;

    /// <summary>Indexes a document already known to be well-formed (trailing commas allowed).</summary>
    public static JsonLocations Index(byte[] utf8)
    {
        var locations = new JsonLocations();
        locations.Walk(utf8);
        return locations;
    }

    /// <summary>The byte offset of the value at <paramref name="path"/>, or of its nearest ancestor when it is absent.</summary>
    public int Find(string path)
    {
        while (true)
        {
            if (offsetByPath.TryGetValue(path, out var offset))
            {
                return offset;
            }

            if (path.Length == 0)
            {
                return 0;
            }

            path = JsonPaths.Parent(path);
        }
    }

    private void Walk(byte[] utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { AllowTrailingCommas = true, MaxDepth = ManifestParser.MaxDepth });
        var containers = new Stack<Container>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    var container = containers.Peek();
                    container.Property = reader.GetString();
                    if (!container.Keys!.Add(container.Property!))
                    {
                        repeatedKeys.Add(new RepeatedKey(container.Path, container.Property!, (int)reader.TokenStartIndex));
                    }

                    continue;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    containers.Pop();
                    if (containers.Count > 0)
                    {
                        containers.Peek().NextIndex++;
                    }

                    continue;
            }

            var path = containers.Count == 0 ? "" : containers.Peek().ChildPath();
            offsetByPath.TryAdd(path, (int)reader.TokenStartIndex);
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                containers.Push(new Container(path, reader.TokenType == JsonTokenType.StartArray));
            }
            else if (containers.Count > 0)
            {
                containers.Peek().NextIndex++;
            }
        }
    }

    private sealed class Container(string path, bool isArray)
    {
        public string Path => path;

        public string? Property { get; set; }

        public int NextIndex { get; set; }

        /// <summary>The keys seen so far, for objects only.</summary>
        public HashSet<string>? Keys { get; } = isArray ? null : new(StringComparer.Ordinal);

        public string ChildPath() =>
            isArray ? JsonPaths.Index(path, NextIndex) : JsonPaths.Property(path, Property ?? "");
    }
}
