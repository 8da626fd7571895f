using System.Text.Json;
using System.Text.Json.Serialization;

namespace Release.TestBed.Records;

/// <summary>Reads and writes a <see cref="TestBedRecord"/> as indented JSON (camelCase, kebab-case statuses).</summary>
public static class RecordFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Writes through a temporary file, so that a crash leaves the previous record, never half of one.</summary>
    public static void Save(TestBedRecord record, string path)
    {
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var temporary = full + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(record, Options) + "\n");
        File.Move(temporary, full, overwrite: true);
    }

    public static TestBedRecord Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var reason = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            throw new TestBedException($"cannot read record {path}: {reason}; give the testbed-<stamp>.json that apply wrote");
        }

        TestBedRecord? record;
        try
        {
            record = JsonSerializer.Deserialize<TestBedRecord>(text, Options);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}" : "";
            throw new TestBedException($"record {path} is not a test bed record{where}; give the testbed-<stamp>.json that apply wrote");
        }

        if (record is null || record.Version != TestBedRecord.CurrentVersion)
        {
            throw new TestBedException($"record {path} is not a version {TestBedRecord.CurrentVersion} test bed record; give the testbed-<stamp>.json that apply wrote");
        }

        return record;
    }
}
