using System.Collections.Generic;

namespace Declarative;

/// <summary>What loading a checkpoint with <c>strict: false</c> left out, as <c>load_state_dict</c> reports it.</summary>
public sealed class LoadReport
{
    internal LoadReport(IReadOnlyList<string> missingKeys, IReadOnlyList<string> unexpectedKeys)
    {
        MissingKeys = missingKeys;
        UnexpectedKeys = unexpectedKeys;
    }

    /// <summary>The model's keys that the file has no entry for (aliases never are: they read their owner's).</summary>
    public IReadOnlyList<string> MissingKeys { get; }

    /// <summary>The file's keys that name no tensor of the model and that the key map does not ignore.</summary>
    public IReadOnlyList<string> UnexpectedKeys { get; }
}
