namespace Release.CircleCiSimulator;

/// <summary>A mistake on the command line; the message is one line naming the option and what to give.</summary>
internal sealed class UsageException(string message) : Exception(message);
