/** Nameplate specification of an SHA-256 ASIC miner model. */
export interface MinerModel {
  readonly model: string;
  readonly vendor: string;
  /** Nameplate hashrate, TH/s. */
  readonly hashrateThs: number;
  /** Nameplate power at the wall, W. Derived from hashrate x efficiency when the source gives only efficiency. */
  readonly powerW: number;
  /** Nameplate efficiency, J/TH (power / hashrate when the source states none). */
  readonly efficiencyJPerTh: number;
}

/** One public GPU rental price point. */
export interface GpuRentalPrice {
  /** `YYYY-MM` or `YYYY-MM-DD` as the source gives it. */
  readonly observedDate: string;
  readonly provider: string;
  readonly gpuModel: string;
  readonly vramGb: number | null;
  /** on-demand, spot, interruptible, reserved, community. */
  readonly tier: string;
  readonly priceUsdPerGpuHour: number;
}
