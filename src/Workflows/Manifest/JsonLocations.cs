using System.Text;
using System.Text.Json;

namespace Release.Workflows.Manifest;

/// <summary>
/// Line and column of every value in a JSON document, by path. <see cref="JsonDocument"/> forgets
/// positions, and a 70-component manifest is hard to fix from a path alone, so one extra pass with
/// a reader recovers them; it runs only when there is an error to place.
/// </summary>
internal sealed class JsonLocations
{
    private readonly byte[] utf8;
    private readonly List<int> lineStarts = [0];
    private readonly Dictionary<string, int> offsetByPath = new(StringComparer.Ordinal);

    private JsonLocations(byte[] utf8)
    {
        this.utf8 = utf8;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                lineStarts.Add(i + 1);
            }
        }
    }

    /// <summary>Indexes a document already known to be well-formed.</summary>
    public static JsonLocations Index(byte[] utf8)
    {
        var locations = new JsonLocations(utf8);
        locations.Walk();
        return locations;
    }

    /// <summary>Positions only, for a document that failed to parse.</summary>
    public static JsonLocations LinesOnly(byte[] utf8) => new(utf8);

    /// <summary>The value at <paramref name="path"/>, or its nearest ancestor when it is absent.</summary>
    public (int Line, int Column) Find(string path)
    {
        while (true)
        {
            if (offsetByPath.TryGetValue(path, out var offset))
            {
                return FromOffset(offset);
            }

            if (path.Length == 0)
            {
                return (1, 1);
            }

            path = JsonPaths.Parent(path);
        }
    }

    /// <summary>Converts a reader position (0-based line, byte in line) to 1-based line and character column.</summary>
    public (int Line, int Column) FromReaderPosition(long lineNumber, long bytePositionInLine)
    {
        var line = (int)Math.Clamp(lineNumber, 0, lineStarts.Count - 1);
        var offset = (int)Math.Min(lineStarts[line] + bytePositionInLine, utf8.Length);
        return FromOffset(offset);
    }

    private (int Line, int Column) FromOffset(int offset)
    {
        var line = lineStarts.BinarySearch(offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        var start = lineStarts[line];
        return (line + 1, Encoding.UTF8.GetCharCount(utf8, start, offset - start) + 1);
    }

    private void Walk()
    {
        var reader = new Utf8JsonReader(utf8);
        var containers = new Stack<Container>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    containers.Peek().Property = reader.GetString();
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
        public string? Property { get; set; }

        public int NextIndex { get; set; }

        public string ChildPath() =>
            isArray ? JsonPaths.Index(path, NextIndex) : JsonPaths.Property(path, Property ?? "");
    }
}
