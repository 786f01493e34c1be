using System;
using System.Security.Cryptography;
using System.Text;

namespace Declarative.Generator.Incremental;

/// <summary>
/// A SHA-256 digest, cut to 128 bits, of the text a step depends on: equal fingerprints stand for equal text, so that
/// the pipeline can compare what a file declares without holding the file.
/// </summary>
internal readonly record struct Fingerprint(ulong High, ulong Low)
{
    /// <summary>Appends strings one by one; each is length-prefixed, so that ("ab", "c") and ("a", "bc") differ.</summary>
    public sealed class Builder : IDisposable
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private byte[] _buffer = new byte[256];

        public Builder Append(string text)
        {
            int length = Encoding.UTF8.GetMaxByteCount(text.Length) + 4;
            if (_buffer.Length < length)
                _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
            int count = Encoding.UTF8.GetBytes(text, 0, text.Length, _buffer, 4);
            _buffer[0] = (byte)count;
            _buffer[1] = (byte)(count >> 8);
            _buffer[2] = (byte)(count >> 16);
            _buffer[3] = (byte)(count >> 24);
            _hash.AppendData(_buffer, 0, count + 4);
            return this;
        }

        public Builder Append(Fingerprint fingerprint)
            => Append(fingerprint.High.ToString("x16")).Append(fingerprint.Low.ToString("x16"));

        public Fingerprint ToFingerprint()
        {
            byte[] digest = _hash.GetHashAndReset();
            return new Fingerprint(BitConverter.ToUInt64(digest, 0), BitConverter.ToUInt64(digest, 8));
        }

        public void Dispose() => _hash.Dispose();
    }
}
