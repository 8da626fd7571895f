using Google.Protobuf;

namespace Release.DevServer.Persistence;

/// <summary>Reads what <see cref="SnapshotWriter"/> wrote, in the same order.</summary>
internal sealed class SnapshotReader(byte[] data)
{
    private readonly BinaryReader _reader = new(new MemoryStream(data, writable: false));

    public bool Bool() => _reader.ReadBoolean();

    public int Int() => _reader.Read7BitEncodedInt();

    public long Long() => _reader.Read7BitEncodedInt64();

    public string String() => _reader.ReadString();

    public string? OptionalString() => _reader.ReadBoolean() ? _reader.ReadString() : null;

    public DateTimeOffset Time() => new(_reader.ReadInt64(), TimeSpan.Zero);

    public DateTimeOffset? OptionalTime() => _reader.ReadBoolean() ? Time() : null;

    public TimeSpan Span() => new(_reader.ReadInt64());

    public TimeSpan? OptionalSpan() => _reader.ReadBoolean() ? Span() : null;

    public T? Message<T>(MessageParser<T> parser) where T : class, IMessage<T>
    {
        var sizePlusOne = _reader.Read7BitEncodedInt();
        if (sizePlusOne == 0)
        {
            return null;
        }
        var bytes = _reader.ReadBytes(sizePlusOne - 1);
        if (bytes.Length != sizePlusOne - 1)
        {
            throw new EndOfStreamException("snapshot ends inside a message");
        }
        return parser.ParseFrom(bytes);
    }

    public T RequiredMessage<T>(MessageParser<T> parser) where T : class, IMessage<T> =>
        Message(parser) ?? throw new InvalidDataException($"snapshot lacks a required {typeof(T).Name}");

    public List<string> Strings()
    {
        var count = Int();
        var values = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            values.Add(String());
        }
        return values;
    }
}
