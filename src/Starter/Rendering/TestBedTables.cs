using Release.TestBed.Records;
using Spectre.Console;

namespace Release.Starter.Rendering;

/// <summary>The table <c>release testbed apply</c> prints for each list: repository, branches, backup, change, push.</summary>
internal static class TestBedTables
{
    public static void Write(IAnsiConsole console, ListRecord list)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title(Markup.Escape($"{list.File}: {Word(list.Status)}"))
            .AddColumns("repository", "branches", "backup", "change", "push");
        foreach (var repository in list.Repositories)
        {
            table.AddRow(
                Markup.Escape(repository.Url),
                Markup.Escape(repository.Branches.Count == 0 ? "-" : string.Join(", ", repository.Branches.Select(b => b.Name))),
                Markup.Escape(Backup(repository)),
                Markup.Escape(Counts(repository.Branches.Select(b => b.Change).Where(c => c != ChangeStatus.Pending).Select(Word))),
                Markup.Escape(Push(repository.Branches)));
        }

        console.Write(table);
        if (list.Reason is not null)
        {
            console.WriteLine(list.Reason);
        }
    }

    private static string Backup(RepositoryRecord repository) => repository.Backup switch
    {
        BackupStatus.Done => $"done, bundle {Path.GetFileName(repository.Bundle)}",
        BackupStatus.Failed => $"failed: {repository.Error}",
        BackupStatus.NotInDryRun => "none (dry run)",
        _ => "-",
    };

    private static string Push(IEnumerable<BranchRecord> branches)
    {
        var pushes = branches.Where(b => b.Push is PushStatus.Pushed or PushStatus.Rejected).ToList();
        var rejected = pushes.Where(b => b.Push == PushStatus.Rejected).Select(b => b.Name).ToList();
        var text = Counts(pushes.Select(b => Word(b.Push)));
        return rejected.Count == 0 ? text : $"{text} ({string.Join(", ", rejected)})";
    }

    // "2 committed, 1 unchanged": how many branches are in each state, in order of appearance.
    private static string Counts(IEnumerable<string> words)
    {
        var counts = words.GroupBy(w => w).Select(g => $"{g.Count()} {g.Key}").ToList();
        return counts.Count == 0 ? "-" : string.Join(", ", counts);
    }

    private static string Word<T>(T status)
        where T : Enum => string.Concat(status.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $" {char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}"));
}
