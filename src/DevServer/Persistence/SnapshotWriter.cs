using Google.Protobuf;

namespace Release.DevServer.Persistence;

/// <summary>
/// Compact binary encoding of engine state: primitives through <see cref="BinaryWriter"/>, protobuf
/// messages as length-prefixed wire bytes. Reused across writes (the engine's lock serialises them).
/// </summary>
internal sealed class SnapshotWriter
{
    private readonly MemoryStream _stream = new();
    private readonly BinaryWriter _writer;

    public SnapshotWriter() => _writer = new BinaryWriter(_stream);

    public void Reset() => _stream.SetLength(0);

    public ReadOnlySpan<byte> Written => _stream.GetBuffer().AsSpan(0, (int)_stream.Length);

    public void Bool(bool value) => _writer.Write(value);

    public void Int(int value) => _writer.Write7BitEncodedInt(value);

    public void Long(long value) => _writer.Write7BitEncodedInt64(value);

    public void String(string value) => _writer.Write(value);

    public void OptionalString(string? value)
    {
        _writer.Write(value is not null);
        if (value is not null)
        {
            _writer.Write(value);
        }
    }

    public void Time(DateTimeOffset value) => _writer.Write(value.UtcTicks);

    public void OptionalTime(DateTimeOffset? value)
    {
        _writer.Write(value.HasValue);
        if (value is { } v)
        {
            Time(v);
        }
    }

    public void Span(TimeSpan value) => _writer.Write(value.Ticks);

    public void OptionalSpan(TimeSpan? value)
    {
        _writer.Write(value.HasValue);
        if (value is { } v)
        {
            Span(v);
        }
    }

    /// <summary>A message or null: its size plus one (0 is null), then its wire bytes.</summary>
    public void Message(IMessage? message)
    {
        if (message is null)
        {
            _writer.Write7BitEncodedInt(0);
            return;
        }
        var size = message.CalculateSize();
        _writer.Write7BitEncodedInt(size + 1);
        _writer.Flush();
        var start = (int)_stream.Length;
        _stream.SetLength(start + size);
        message.WriteTo(_stream.GetBuffer().AsSpan(start, size));
        _stream.Position = start + size;
    }

    public void Strings(IReadOnlyCollection<string> values)
    {
        Int(values.Count);
        foreach (var value in values)
        {
            String(value);
        }
    }
}
