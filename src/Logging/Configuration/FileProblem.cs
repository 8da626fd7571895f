namespace Release.Logging.Configuration;

/// <summary>
/// Says in a few words why a file operation failed, without the .NET wording around it (exception
/// names, the path repeated): "permission denied", "Input/output error".
/// </summary>
public static class FileProblem
{
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is UnauthorizedAccessException)
        {
            return "permission denied";
        }

        var message = exception.Message.Split('\n')[0].Trim();
        // IOException messages end with " : 'path'" or " : path", which the caller already names.
        var pathAt = message.IndexOf(" : ", StringComparison.Ordinal);
        if (pathAt > 0)
        {
            message = message[..pathAt];
        }

        return message.TrimEnd('.');
    }
}
