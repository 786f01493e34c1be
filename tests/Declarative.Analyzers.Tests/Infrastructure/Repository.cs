using System;
using System.IO;

namespace Declarative.Analyzers.Tests.Infrastructure;

/// <summary>
/// The repository the running tests were built from. Found from the test's output folder, not from source paths:
/// CI builds map those to <c>/_/</c> (deterministic builds).
/// </summary>
public static class Repository
{
    public static string Root
    {
        get
        {
            for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "Declarative.sln")))
                    return folder.FullName;
            }
            throw new InvalidOperationException("Declarative.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
