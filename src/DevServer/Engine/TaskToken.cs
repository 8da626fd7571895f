using Google.Protobuf;

namespace Release.DevServer.Engine;

internal enum TaskTokenKind : byte { Workflow = 1, Activity = 2, Query = 3 }

/// <summary>
/// What a task token names. Opaque to workers; the server decodes it to find the task again and
/// refuses a token whose attempt or dispatch is no longer current.
/// </summary>
internal sealed record TaskToken(
    TaskTokenKind Kind, string Namespace, string WorkflowId, string RunId, long EventId, int Attempt, string QueryId = "")
{
    public ExecutionKey Key => new(Namespace, WorkflowId, RunId);

    public ByteString Encode()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write((byte)Kind);
            writer.Write(Namespace);
            writer.Write(WorkflowId);
            writer.Write(RunId);
            writer.Write(EventId);
            writer.Write(Attempt);
            writer.Write(QueryId);
        }
        return ByteString.CopyFrom(stream.ToArray());
    }

    public static TaskToken? TryDecode(ByteString bytes)
    {
        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes.ToByteArray()));
            return new TaskToken(
                (TaskTokenKind)reader.ReadByte(), reader.ReadString(), reader.ReadString(), reader.ReadString(),
                reader.ReadInt64(), reader.ReadInt32(), reader.ReadString());
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or FormatException)
        {
            return null;
        }
    }
}
