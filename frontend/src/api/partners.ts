import type {
  PartnerDirection,
  PartnersResponse,
  PartnerShare,
  PhotoMonthsResponse,
  PhotoNeighboursResponse,
  PhotoPageResponse,
  PutPartnerRequest,
  ReceivedPartnerShare,
} from "@hearth/contract";
import { request } from "./client";
import type { ContentSource } from "./shares";

const partnerPath = (userId: string) => `/api/partners/${encodeURIComponent(userId)}`;

/** Partner sharing: the shares both ways, and a partner's photos browsed apart. */
export const partnersApi = {
  list: () => request<PartnersResponse>("/api/partners"),
  share: (userId: string, body: PutPartnerRequest) =>
    request<PartnerShare>(partnerPath(userId), { method: "PUT", body }),
  stop: (userId: string, direction: PartnerDirection) =>
    request<void>(`${partnerPath(userId)}?direction=${direction}`, { method: "DELETE" }),
  setShowInTimeline: (userId: string, showInTimeline: boolean) =>
    request<ReceivedPartnerShare>(partnerPath(userId), { method: "PATCH", body: { showInTimeline } }),
  months: (userId: string) => request<PhotoMonthsResponse>(`${partnerPath(userId)}/photos/months`),
  page: (userId: string, params: { month?: string; before?: string; limit?: number }) => {
    const query = Object.entries(params)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
      .join("&");
    return request<PhotoPageResponse>(`${partnerPath(userId)}/photos?${query}`);
  },
  neighbours: (userId: string, id: string, count = 1) =>
    request<PhotoNeighboursResponse>(
      `${partnerPath(userId)}/photos/${encodeURIComponent(id)}/neighbours?count=${count}`,
    ),
};

/** A partner's photos are read through the share (only while it covers them). */
export function partnerContent(ownerId: string): ContentSource {
  const file = (id: string) => `${partnerPath(ownerId)}/photos/${encodeURIComponent(id)}`;
  return {
    content: (id) => `${file(id)}/content`,
    download: (id) => `${file(id)}/content?download`,
    thumbnail: (id, size) => `${file(id)}/thumbnail?size=${size}`,
    preview: (id) => `${file(id)}/preview`,
  };
}
