namespace Release.Logging.Configuration;

/// <summary>
/// A missing or invalid setting. The message is one line that names the setting and says what to
/// do; hosts print it as is (no stack trace) and exit with code 2.
/// </summary>
public sealed class SettingException : Exception
{
    public SettingException(string setting, string problem)
        : base($"{setting} {problem}")
    {
        Setting = setting;
    }

    public SettingException()
    {
        Setting = "";
    }

    public SettingException(string message, Exception innerException)
        : base(message, innerException)
    {
        Setting = "";
    }

    /// <summary>How the setting is named to people, e.g. <c>TEMPORAL_ADDRESS (Temporal:Address)</c>.</summary>
    public string Setting { get; }

    /// <summary>The exit code for a configuration error.</summary>
    public const int ExitCode = 2;
}
