using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;

namespace Declarative.Package.Tests;

/// <summary>
/// A language-server client over stdio, as an editor is one: JSON-RPC messages framed by Content-Length headers.
/// It answers the server's requests (configuration with the given settings, registrations and progress with null)
/// and keeps the latest diagnostics the server published for each file, with the time they arrived.
/// </summary>
public sealed class LanguageServer : IDisposable
{
    private readonly Process _process;
    private readonly Stream _input;
    private readonly JsonObject _settings;
    private readonly Thread _reader;
    private readonly StringBuilder _errors = new();
    private readonly ConcurrentDictionary<int, JsonNode?> _responses = new();
    private readonly Dictionary<string, (JsonArray Diagnostics, Stopwatch Clock, TimeSpan At)> _published = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly object _gate = new();
    private int _nextId;

    /// <param name="command">The server and its arguments.</param>
    /// <param name="workingDirectory">Where the server runs (a local tool runs from the folder of its manifest).</param>
    /// <param name="settings">The client's settings, by section, as <c>workspace/configuration</c> answers them.</param>
    public LanguageServer(string[] command, string workingDirectory, JsonObject settings)
    {
        _settings = settings;
        var start = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command[1..])
            start.ArgumentList.Add(argument);
        DotNet.CleanEnvironment(start);
        _process = Process.Start(start)!;
        _input = _process.StandardInput.BaseStream;
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data); };
        _process.BeginErrorReadLine();
        _reader = new Thread(Read) { IsBackground = true };
        _reader.Start();
    }

    /// <summary>What the server wrote to stderr, for failure messages.</summary>
    public string Errors { get { lock (_errors) return _errors.ToString(); } }

    public JsonNode? Request(string method, JsonNode? parameters, TimeSpan timeout)
    {
        int id = Interlocked.Increment(ref _nextId);
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = method, ["params"] = parameters });
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_responses.TryRemove(id, out var response)) return response;
            Thread.Sleep(20);
        }
        throw new TimeoutException($"No answer to {method} in {timeout}.\n{Errors}");
    }

    public void Notify(string method, JsonNode? parameters)
        => Send(new JsonObject { ["jsonrpc"] = "2.0", ["method"] = method, ["params"] = parameters });

    /// <summary>Elapsed time on the client's clock, to measure against <see cref="WaitFor"/>.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>
    /// Waits until the diagnostics last published for <paramref name="uri"/> satisfy <paramref name="done"/>; returns
    /// them and the time they arrived, or null at the timeout.
    /// </summary>
    public (JsonArray Diagnostics, TimeSpan At)? WaitFor(string uri, Func<JsonArray, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (_gate)
        {
            while (true)
            {
                if (_published.TryGetValue(uri, out var last) && done(last.Diagnostics)) return (last.Diagnostics, last.At);
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || _process.HasExited) return null;
                Monitor.Wait(_gate, left);
            }
        }
    }

    private void Send(JsonNode message)
    {
        byte[] body = Encoding.UTF8.GetBytes(message.ToJsonString());
        byte[] header = Encoding.ASCII.GetBytes($"Content-Length: {body.Length}\r\n\r\n");
        lock (_input)
        {
            _input.Write(header);
            _input.Write(body);
            _input.Flush();
        }
    }

    private void Read()
    {
        var output = _process.StandardOutput.BaseStream;
        try
        {
            while (ReadMessage(output) is { } message)
                Handle(message);
        }
        catch (IOException)
        {
            // The server exited.
        }
        lock (_gate) Monitor.PulseAll(_gate);
    }

    private static JsonNode? ReadMessage(Stream stream)
    {
        int length = -1;
        while (true)
        {
            string? line = ReadLine(stream);
            if (line is null) return null;
            if (line.Length == 0) break;
            if (line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                length = int.Parse(line["Content-Length:".Length..].Trim());
        }
        var body = new byte[length];
        int read = 0;
        while (read < length)
        {
            int n = stream.Read(body, read, length - read);
            if (n == 0) return null;
            read += n;
        }
        return JsonNode.Parse(body);
    }

    private static string? ReadLine(Stream stream)
    {
        var line = new StringBuilder();
        while (true)
        {
            int b = stream.ReadByte();
            if (b < 0) return null;
            if (b == '\n') return line.ToString().TrimEnd('\r');
            line.Append((char)b);
        }
    }

    private void Handle(JsonNode message)
    {
        string? method = message["method"]?.GetValue<string>();
        var id = message["id"];
        if (method is null && id is not null)
        {
            _responses[id.GetValue<int>()] = message["result"] ?? message["error"];
            return;
        }
        if (method == "textDocument/publishDiagnostics")
        {
            string uri = message["params"]!["uri"]!.GetValue<string>();
            var diagnostics = message["params"]!["diagnostics"]!.AsArray();
            lock (_gate)
            {
                _published[uri] = (diagnostics, _clock, _clock.Elapsed);
                Monitor.PulseAll(_gate);
            }
            return;
        }
        if (id is null) return;

        // A request from the server. Configuration gets the settings of each section asked for; the rest, null.
        JsonNode? result = null;
        if (method == "workspace/configuration")
        {
            var answers = new JsonArray();
            foreach (var item in message["params"]!["items"]!.AsArray())
            {
                string? section = item?["section"]?.GetValue<string>();
                answers.Add(string.IsNullOrEmpty(section) ? _settings.DeepClone() : _settings[section]?.DeepClone());
            }
            result = answers;
        }
        Send(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id.DeepClone(), ["result"] = result });
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                Request("shutdown", null, TimeSpan.FromSeconds(10));
                Notify("exit", null);
                if (!_process.WaitForExit(5000)) _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
    }

    public static string Uri(string path) => new Uri(path).AbsoluteUri;
}
