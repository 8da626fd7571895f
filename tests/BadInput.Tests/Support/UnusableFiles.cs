namespace BadInput.Tests.Support;

/// <summary>
/// Files and folders a process cannot use, made the same way whoever runs the tests: permissions
/// alone do not stop root (CI containers often run as root), so where they would not hold, a file
/// of the kernel that refuses the operation to everyone stands in.
/// </summary>
public static class UnusableFiles
{
    /// <summary>A file that exists but whose reading fails: mode 000, or /proc/self/mem (reading it at offset 0 fails with EIO) for root.</summary>
    public static string UnreadableFile(string folder)
    {
        var path = Path.Combine(folder, "unreadable.txt");
        File.WriteAllText(path, "secret-value");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.None);
        }

        try
        {
            File.ReadAllText(path);
            return "/proc/self/mem";
        }
        catch (UnauthorizedAccessException)
        {
            return path;
        }
    }

    /// <summary>An existing folder in which no file can be created: mode 555, or /sys (sysfs refuses new files to everyone) for root.</summary>
    public static string UnwritableFolder(string folder)
    {
        var path = Path.Combine(folder, "read-only");
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        try
        {
            File.WriteAllText(Path.Combine(path, "probe"), "");
            return "/sys";
        }
        catch (UnauthorizedAccessException)
        {
            return path;
        }
    }

    /// <summary>A fresh folder for one test's files.</summary>
    public static string NewFolder() => Directory.CreateTempSubdirectory("bad-input-").FullName;
}
