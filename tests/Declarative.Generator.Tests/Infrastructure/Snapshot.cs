using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace Declarative.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot testing in the Verify convention: the expected text lives in <c>Snapshots/Class.Method.verified.cs</c>
/// beside the tests. On a mismatch the actual text is written to a <c>.received.cs</c> file next to it and the test
/// fails with a unified diff. Set <c>DECLARATIVE_ACCEPT_SNAPSHOTS=1</c> to accept every received text instead.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "DECLARATIVE_ACCEPT_SNAPSHOTS";

    public static void Verify(string actual, string name, [CallerFilePath] string testFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(SourcePath(testFile))!, "Snapshots");
        string verifiedPath = Path.Combine(directory, name + ".verified.cs");
        string receivedPath = Path.Combine(directory, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");

        string? expected = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(receivedPath, actual);
        throw new XunitException(
            (expected is null ? $"No snapshot yet: {verifiedPath}\n" : $"Snapshot mismatch: {verifiedPath}\n") +
            $"Received: {receivedPath}\n" +
            $"Accept all received snapshots with {AcceptVariable}=1.\n\n" +
            UnifiedDiff(expected ?? "", actual, name));
    }

    /// <summary>
    /// The test file's path on this machine. CI builds map source paths to <c>/_/</c> (deterministic builds), so a
    /// mapped path is resolved against the repository that holds the running tests.
    /// </summary>
    private static string SourcePath(string callerPath)
    {
        const string mappedRoot = "/_/";
        if (!callerPath.StartsWith(mappedRoot, StringComparison.Ordinal))
            return callerPath;
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Declarative.sln")))
                return Path.Combine(folder.FullName, callerPath.Substring(mappedRoot.Length));
        }
        throw new InvalidOperationException($"Cannot resolve {callerPath}: no Declarative.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>A unified diff with three lines of context, as <c>git diff</c> prints it.</summary>
    public static string UnifiedDiff(string expected, string actual, string name)
    {
        var diff = InlineDiffBuilder.Diff(expected, actual, ignoreWhiteSpace: false);
        var lines = diff.Lines;
        var text = new StringBuilder($"--- {name}.verified.cs\n+++ {name}.received.cs\n");

        const int context = 3;
        int i = 0;
        while (i < lines.Count)
        {
            if (lines[i].Type == ChangeType.Unchanged) { i++; continue; }

            int start = Math.Max(0, i - context);
            int end = i;
            // Extend the hunk while changes are closer than two contexts apart.
            for (int j = i; j < lines.Count; j++)
            {
                if (lines[j].Type != ChangeType.Unchanged) end = j;
                else if (j - end > 2 * context) break;
            }
            end = Math.Min(lines.Count - 1, end + context);

            int oldLine = 1, newLine = 1;
            for (int k = 0; k < start; k++)
            {
                if (lines[k].Type != ChangeType.Inserted) oldLine++;
                if (lines[k].Type != ChangeType.Deleted) newLine++;
            }
            int oldCount = 0, newCount = 0;
            var hunk = new StringBuilder();
            for (int k = start; k <= end; k++)
            {
                var line = lines[k];
                char marker = line.Type switch { ChangeType.Inserted => '+', ChangeType.Deleted => '-', _ => ' ' };
                if (line.Type != ChangeType.Inserted) oldCount++;
                if (line.Type != ChangeType.Deleted) newCount++;
                hunk.Append(marker).Append(line.Text).Append('\n');
            }
            text.Append($"@@ -{oldLine},{oldCount} +{newLine},{newCount} @@\n").Append(hunk);
            i = end + 1;
        }
        return text.ToString();
    }
}
